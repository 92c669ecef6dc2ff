// "Who can act": the contacts lookup of the case's resource, each contact with its role, its
// address or web form, and where the answer came from and when; what did not answer, quietly.
import { useId, useState } from "react";
import { useI18n } from "../../i18n.ts";
import { Time } from "../../time.tsx";
import type { Contact, ContactLookup } from "../../types.ts";
import { ExternalLink } from "./external-link.tsx";
import { CONTACT_ROLES } from "./moves.ts";
import { useContacts } from "./use-takedown.ts";

/** `targets`: the case's resource first (looked up at once), then the URLs of its events. */
export function ContactsPanel({ targets }: { targets: string[] }) {
  const { t } = useI18n();
  const id = useId();
  const [target, setTarget] = useState(targets[0] ?? "");
  const { lookup, error, busy, refresh } = useContacts(target);
  return (
    <section className="td-contacts" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <div className="td-head">
        <h3 id={`${id}-title`}>{t("td.contacts")}</h3>
        <button type="button" className="small link" onClick={refresh} disabled={busy}>
          {t("td.lookupAgain")}
        </button>
      </div>
      {targets.length > 1 && (
        <fieldset className="td-targets">
          <legend className="small muted">{t("td.targetsHint")}</legend>
          {targets.map((x) => (
            <button
              key={x}
              type="button"
              className="small mono"
              aria-pressed={x === target}
              onClick={() => setTarget(x)}
            >
              {x}
            </button>
          ))}
        </fieldset>
      )}
      {error && <p className="small error-text">{error}</p>}
      {!lookup && !error && <p className="muted small">{t("td.lookingUp")}</p>}
      {lookup && <LookupAnswer lookup={lookup} />}
    </section>
  );
}

function LookupAnswer({ lookup }: { lookup: ContactLookup }) {
  const { t, label } = useI18n();
  // The roles in the order the desk asks them; within a role, as the server listed them.
  const contacts = [...lookup.contacts].sort(
    (a, b) => CONTACT_ROLES.indexOf(a.role) - CONTACT_ROLES.indexOf(b.role),
  );
  return (
    <>
      <p className="small muted td-lookup-facts">
        <span className="mono break">
          {lookup.resource} ({label("resourceKind", lookup.kind)})
        </span>
        {lookup.host && (
          <span>
            {t("td.host")} <span className="mono">{lookup.host}</span>
          </span>
        )}
        {lookup.domain && (
          <span>
            {t("td.domain")} <span className="mono">{lookup.domain}</span>
          </span>
        )}
        {lookup.addresses.length > 0 && (
          <span>
            {t("td.addresses")} <span className="mono">{lookup.addresses.join(", ")}</span>
          </span>
        )}
        {lookup.nameservers.length > 0 && (
          <span>
            {t("td.nameservers")} <span className="mono">{lookup.nameservers.join(", ")}</span>
          </span>
        )}
        <span>
          {t("td.lookedUpAt")} <Time at={lookup.looked_up_at} />
          {lookup.cached && <> ({t("td.cached")})</>}
        </span>
      </p>
      {contacts.length === 0 ? (
        <p className="muted small">{t("td.noContacts")}</p>
      ) : (
        <ul className="td-contact-list">
          {contacts.map((c, i) => (
            <ContactItem
              // biome-ignore lint/suspicious/noArrayIndexKey: a role may name one address twice
              key={`${c.role}-${c.email ?? c.web_form ?? c.about}-${i}`}
              c={c}
            />
          ))}
        </ul>
      )}
      {lookup.problems.length > 0 && (
        <details className="td-quiet">
          <summary className="small muted">
            {t("td.problems")} ({lookup.problems.length})
          </summary>
          <ul className="small muted">
            {lookup.problems.map((p) => (
              <li key={`${p.source}-${p.message}`}>
                <span className="mono">{p.source}</span>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function ContactItem({ c }: { c: Contact }) {
  const { t, label } = useI18n();
  return (
    <li className="td-contact" data-role={c.role}>
      <div>
        <span className="badge td-role">{label("contactRole", c.role)}</span>{" "}
        <strong>{c.organisation ?? c.about}</strong>
      </div>
      {c.organisation && (
        <div className="small muted break">
          {t("td.for")} {c.about}
        </div>
      )}
      <dl className="td-contact-facts small">
        {c.email && (
          <div>
            <dt>{t("td.email")}</dt>
            <dd className="mono break">{c.email}</dd>
          </div>
        )}
        {c.web_form && (
          <div>
            <dt>{t("td.webForm")}</dt>
            <dd>
              <ExternalLink href={c.web_form} />
            </dd>
          </div>
        )}
        {c.phone && (
          <div>
            <dt>{t("td.phone")}</dt>
            <dd className="mono">{c.phone}</dd>
          </div>
        )}
        {c.iana_id && (
          <div>
            <dt>{t("td.ianaId")}</dt>
            <dd className="mono">{c.iana_id}</dd>
          </div>
        )}
        {c.country && (
          <div>
            <dt>{t("td.country")}</dt>
            <dd className="mono">{c.country}</dd>
          </div>
        )}
        {(c.preferred_format || c.language) && (
          <div>
            <dt>{t("td.prefers")}</dt>
            <dd>
              {[
                c.preferred_format ? label("tdFormat", c.preferred_format) : "",
                c.language ? label("lang", c.language) : "",
              ]
                .filter(Boolean)
                .join(" · ")}
            </dd>
          </div>
        )}
        {c.note && (
          <div>
            <dt>{t("action.note")}</dt>
            <dd>{c.note}</dd>
          </div>
        )}
        <div className="td-source">
          <dt>{t("td.source")}</dt>
          <dd>
            {label("contactSource", c.source)}
            {c.source_url && (
              <>
                {" "}
                <ExternalLink href={c.source_url} />
              </>
            )}{" "}
            <span className="muted">
              (<Time at={c.fetched_at} />)
            </span>
          </dd>
        </div>
      </dl>
    </li>
  );
}
