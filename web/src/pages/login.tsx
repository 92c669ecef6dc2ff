import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useTitle } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import type { LoginAnswer, Session } from "../types.ts";

export function LoginPage({ onLogin }: { onLogin: (s: Session) => Promise<void> }) {
  const { t, lang, setLang } = useI18n();
  useTitle(t("login.title"));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError("");
    setBusy(true);
    try {
      const r = await api<LoginAnswer>("POST", "/api/v1/auth/login", {
        username: username.trim(),
        password,
      });
      await onLogin({ name: r.user.username, role: r.user.role, csrf: r.csrf_token });
    } catch (err) {
      if (err instanceof ApiError && err.code === "invalid_login") setError(t("login.invalid"));
      else if (err instanceof ApiError && err.code === "too_many_attempts")
        setError(`${t("login.throttled")} (${err.message})`);
      else if (err instanceof ApiError && err.status === 0) setError(t("error.network"));
      else setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <section className="login card">
      <h1>
        Mogura <span className="brand-ja">モグラ</span>
      </h1>
      <p className="muted">{t("login.tagline")}</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="login-user">{t("login.username")}</label>
        <input
          id="login-user"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the only thing to do on this page
          autoFocus
        />
        <label htmlFor="login-password">{t("login.password")}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy || !username || !password}>
          {busy ? t("login.signingIn") : t("login.submit")}
        </button>
      </form>
      <p className="lang-line">
        <button
          type="button"
          className="link"
          onClick={() => setLang(lang === "ja" ? "en" : "ja")}
          lang={lang === "ja" ? "en" : "ja"}
        >
          {lang === "ja" ? "English" : "日本語"}
        </button>
      </p>
    </section>
  );
}
