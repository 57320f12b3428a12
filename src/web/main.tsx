import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { ActionsPage } from './pages/Actions.tsx';
import { AdminPage } from './pages/Admin.tsx';
import { AnalysisPage } from './pages/Analysis.tsx';
import { CodebookPage } from './pages/Codebook.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { LoginPage } from './pages/Login.tsx';
import { ReportsPage } from './pages/Reports.tsx';
import { ReviewPage } from './pages/Review.tsx';
import { ReviewsPage } from './pages/Reviews.tsx';
import { SourcePage } from './pages/Source.tsx';
import { UploadPage } from './pages/Upload.tsx';
import { SessionProvider, useSession } from './session.tsx';
import './styles.css';

function Guarded() {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="loading">Loading…</p>;
  if (!user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Layout />;
}

function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Guarded />}>
        <Route index element={<DashboardPage />} />
        <Route path="reviews" element={<ReviewsPage />} />
        <Route path="reviews/:id" element={<ReviewPage />} />
        <Route path="documents/:id/source" element={<SourcePage />} />
        <Route path="analysis" element={<AnalysisPage />} />
        <Route path="actions" element={<ActionsPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="upload" element={<UploadPage />} />
        <Route path="codebook" element={<CodebookPage />} />
        <Route path="admin" element={<AdminPage />} />
        <Route path="*" element={<h1>Page not found</h1>} />
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
