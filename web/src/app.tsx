// The shell: session, language, header with the pages, and the page for the current path.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { api, setCsrfToken, setUnauthenticatedHandler } from "./api.ts";
import { canSeeQuarantine, Link, Loading } from "./components.tsx";
import {
  I18nContext,
  initialLanguage,
  type Language,
  makeI18n,
  rememberLanguage,
  useI18n,
} from "./i18n.ts";
import { CasePage } from "./pages/case.tsx";
import { LoginPage } from "./pages/login.tsx";
import { LookupPage } from "./pages/lookup.tsx";
import { QuarantinePage } from "./pages/quarantine.tsx";
import { QueuePage } from "./pages/queue.tsx";
import { match, navigate, useLocation } from "./router.ts";
import { zoneLabel } from "./time.tsx";
import type { Preferences, Session, SessionAnswer } from "./types.ts";

// The charts library is large: the statistics page loads it when it is opened.
const StatsPage = lazy(() => import("./pages/stats.tsx"));

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const { path, search } = useLocation();

  useEffect(() => rememberLanguage(lang), [lang]);

  const loadPreferences = useCallback(async () => {
    try {
      const p = await api<Preferences>("GET", "/api/v1/me/preferences");
      setLangState(p.language);
    } catch {
      // keep the language in use
    }
  }, []);

  const startSession = useCallback(
    async (s: Session) => {
      setCsrfToken(s.csrf);
      await loadPreferences();
      setSession(s);
    },
    [loadPreferences],
  );

  useEffect(() => {
    setUnauthenticatedHandler(() => setSession(null));
    api<SessionAnswer>("GET", "/api/v1/auth/session")
      .then((s) => startSession({ name: s.name, role: s.role, csrf: s.csrf_token ?? "" }))
      // Not signed in (401), or the server cannot say: the login page either way.
      .catch(() => setSession(null));
    return () => setUnauthenticatedHandler(null);
  }, [startSession]);

  const setLang = useCallback(
    (l: Language) => {
      setLangState(l);
      if (session) {
        api("PUT", "/api/v1/me/preferences", { language: l }).catch(() => {
          // the switch applies here anyway; the next login starts from the old one
        });
      }
    },
    [session],
  );

  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);

  // Signed in but on /login or /: to the queue; signed out: to the login, remembering where.
  useEffect(() => {
    if (session === undefined) return;
    if (session && (path === "/" || path === "/login")) {
      const next = new URLSearchParams(search).get("next");
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/queue", {
        replace: true,
      });
    } else if (session === null && path !== "/login") {
      const next = path === "/" ? "" : `?next=${encodeURIComponent(path + search)}`;
      navigate(`/login${next}`, { replace: true });
    }
  }, [session, path, search]);

  const logout = async () => {
    try {
      await api("POST", "/api/v1/auth/logout");
    } finally {
      setCsrfToken("");
      setSession(null);
    }
  };

  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip" href="#main">
        {i18n.t("nav.skip")}
      </a>
      {session === undefined ? (
        <main id="main" className="page">
          <Loading />
        </main>
      ) : session === null ? (
        <main id="main" className="page page-narrow">
          <LoginPage onLogin={startSession} />
        </main>
      ) : (
        <>
          <Header session={session} path={path} onLogout={logout} />
          <main id="main" className="page" tabIndex={-1}>
            <Route path={path} session={session} />
          </main>
        </>
      )}
    </I18nContext.Provider>
  );
}

function Route({ path, session }: { path: string; session: Session }) {
  const { t } = useI18n();
  if (path === "/queue") return <QueuePage session={session} />;
  const c = match("/cases/:id", path);
  if (c) return <CasePage key={c.id} id={Number(c.id)} session={session} />;
  if (path === "/quarantine") return <QuarantinePage session={session} />;
  if (path === "/lookup") return <LookupPage />;
  if (path === "/stats")
    return (
      <Suspense fallback={<Loading />}>
        <StatsPage />
      </Suspense>
    );
  if (path === "/" || path === "/login") return <Loading />;
  return (
    <section>
      <h1>{t("notFound.title")}</h1>
      <p>
        <Link to="/queue">{t("nav.queue")}</Link>
      </p>
    </section>
  );
}

function Header({
  session,
  path,
  onLogout,
}: {
  session: Session;
  path: string;
  onLogout: () => void;
}) {
  const { t, label, lang, setLang } = useI18n();
  const pages: { to: string; key: Parameters<typeof t>[0]; show: boolean }[] = [
    { to: "/queue", key: "nav.queue", show: true },
    { to: "/quarantine", key: "nav.quarantine", show: canSeeQuarantine(session.role) },
    { to: "/lookup", key: "nav.lookup", show: true },
    { to: "/stats", key: "nav.stats", show: true },
  ];
  const current = (to: string) =>
    path === to || (to === "/queue" && path.startsWith("/cases/")) ? "page" : undefined;
  return (
    <header className="topbar">
      <Link to="/queue" className="brand" aria-label="Mogura">
        <span aria-hidden="true">◖</span> Mogura <span className="brand-ja">モグラ</span>
      </Link>
      <nav aria-label={t("nav.label")}>
        <ul>
          {pages
            .filter((p) => p.show)
            .map((p) => (
              <li key={p.to}>
                <Link to={p.to} aria-current={current(p.to)}>
                  {t(p.key)}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <div className="topbar-right">
        <span className="zone muted" title={t("nav.zoneHint")}>
          {zoneLabel()}
        </span>
        <fieldset className="lang-switch" aria-label={t("nav.language")}>
          <button
            type="button"
            aria-pressed={lang === "ja"}
            lang="ja"
            onClick={() => setLang("ja")}
          >
            日本語
          </button>
          <button
            type="button"
            aria-pressed={lang === "en"}
            lang="en"
            onClick={() => setLang("en")}
          >
            English
          </button>
        </fieldset>
        <span className="user" title={t("nav.signedInAs")}>
          {session.name} <span className="muted">({label("role", session.role)})</span>
        </span>
        <button type="button" onClick={onLogout}>
          {t("nav.logout")}
        </button>
      </div>
    </header>
  );
}
