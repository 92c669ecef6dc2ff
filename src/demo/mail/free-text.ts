import { brandOf, encodeCharset, encodedHeader, MIME_CHARSET } from "./charsets.ts";
import type { DemoMailIncident, FreeTextOptions } from "./incident.ts";
import {
  base64Lines,
  between,
  CRLF,
  enDateTime,
  headerBlock,
  hostOf,
  isIpv6,
  JST,
  jaDateTime,
  mailbox,
  pick,
  rfc5322Date,
} from "./mime.ts";
import { evidenceLog } from "./xarf-legacy.ts";

// Mails written by people
// ---------------------------------------------------------------------------------------------

/** Defanging as people do it; the free-text parser reads all of these back. */
type Defang = "none" | "hxxp" | "brackets" | "hxxp-colon";

function defangUrl(url: string, how: Defang): string {
  if (how === "none") return url;
  const m = /^([a-z]+):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return url;
  const [, scheme = "", host = "", rest = ""] = m;
  // An IPv6 literal has no dots to bracket, and "[" inside it would confuse readers.
  const dottedHost = host.startsWith("[") ? host : host.replace(/\./g, "[.]");
  const s = how === "brackets" ? scheme : scheme.replace(/^http/i, "hxxp");
  return `${s}${how === "hxxp-colon" ? "[:]//" : "://"}${dottedHost}${rest}`;
}

const defangIp = (ip: string) => (isIpv6(ip) ? ip : ip.replace(/\./g, "[.]"));

/** What a person's mail mentions, already written the way this reporter writes it. */
interface Mention {
  url?: string;
  ip?: string;
  port?: number;
  domain?: string;
  when: string;
  defanged: boolean;
  brand: string;
}

function mentionOf(i: DemoMailIncident, language: "ja" | "en"): Mention {
  const webContent = [
    "phishing",
    "malware-distribution",
    "unauthorised-information-modification",
  ].includes(i.type);
  const how: Defang = webContent
    ? pick(i, "defang", [
        "none",
        "hxxp",
        "brackets",
        "hxxp",
        language === "en" ? "hxxp-colon" : "none",
      ])
    : "none";
  const ipDefanged = how !== "none" && i.ip !== undefined && pick(i, "defang-ip", [true, false]);
  return {
    url: i.url ? defangUrl(i.url, how) : undefined,
    ip: i.ip ? (ipDefanged ? defangIp(i.ip) : i.ip) : undefined,
    port: i.port,
    domain: i.domain,
    when: language === "ja" ? jaDateTime(i.at) : enDateTime(i.at),
    defanged: how !== "none",
    brand: brandOf(i, language),
  };
}

interface Wording {
  subject: string;
  /** The paragraphs about what happened, before the list of resources. */
  story: string[];
  /** Lines after the list: logs, the request. */
  after?: string[];
}

/** A few sshd lines a person pastes from their server's log. */
function pastedSshLog(i: DemoMailIncident): string[] {
  if (!i.ip) return [];
  return evidenceLog({ ...i, type: "brute-force" }, 22).slice(0, 3);
}

function jaWording(i: DemoMailIncident, m: Mention): Wording {
  const host = hostOf(i.url) ?? i.domain;
  const target = i.ip ?? host ?? "";
  switch (i.type) {
    case "phishing":
      return pick(i, "ja-story", [
        {
          subject: `【至急】フィッシングサイトの報告（${m.brand}）`,
          story: [
            `貴社のネットワーク上で、${m.brand}を装ったフィッシングサイトが稼働しているようです。`,
            `${m.brand}からの通知を装ったメールが届き、リンク先を確認したところ、ログインIDとパスワード、クレジットカード番号の入力を求める偽のログイン画面が表示されました。`,
          ],
          after: ["被害が広がる前に、サイトの停止をご検討いただけますでしょうか。"],
        },
        {
          subject: "フィッシングサイトの停止のお願い",
          story: [
            `${m.brand}のログインページになりすましたサイトを見つけましたので、ご連絡いたします。`,
            "SMSで届いたリンクから誘導されるもので、本物そっくりの画面で暗証番号の入力を求められます。家族が危うく入力するところでした。",
          ],
          after: ["至急、停止のご対応をお願いいたします。"],
        },
        {
          subject: `${m.brand}を名乗る偽サイトについて`,
          story: [
            `${m.brand}を名乗るメールのリンクから、偽サイトに誘導されました。`,
            "URLが公式のものと違うため調べたところ、貴社のサーバで運用されているようでしたのでご報告します。",
          ],
          after: ["ご確認のうえ、しかるべき対応をお願いできれば幸いです。"],
        },
      ]);
    case "spam":
      return pick(i, "ja-story", [
        {
          subject: "貴社サーバからの迷惑メールについて",
          story: [
            "貴社のサーバから迷惑メールが大量に送られてきています。",
            "昨日から同じ内容の広告メールが1時間に何十通も届いており、業務に支障が出ております。",
          ],
          after: ["送信元の利用者への注意喚起、または送信の停止をお願いできますでしょうか。"],
        },
        {
          subject: `迷惑メールの送信元（${target}）のご確認のお願い`,
          story: [
            "貴社のIPアドレスから送信されたと思われる迷惑メールについてご報告します。",
            "受信拒否をしても、差出人を変えて毎日届き続けています。",
          ],
          after: ["ヘッダ情報が必要でしたらお送りしますので、お申し付けください。"],
        },
      ]);
    case "brute-force":
      return pick(i, "ja-story", [
        {
          subject: `貴社IPアドレス（${target}）からの不正アクセスについて`,
          story: [
            "弊社で運用しているサーバに対して、貴社のIPアドレスから不正アクセスの試みが続いております。",
            "SSHへのログイン試行が短時間に繰り返されており、総当たり攻撃と思われます。",
          ],
          after: [
            "ログの一部を以下に記載します。",
            "",
            ...pastedSshLog(i),
            "",
            "調査と対処をお願いいたします。",
          ],
        },
        {
          subject: "総当たり攻撃の通報",
          story: [
            "当方のサーバのログに、貴社管理下と思われるアドレスからの総当たり攻撃（ブルートフォース）が記録されていました。",
            "rootやadminなど、よくあるユーザー名で繰り返しログインを試みています。",
          ],
          after: ["利用者のサーバが乗っ取られている可能性もあるかと思いますので、ご確認ください。"],
        },
      ]);
    case "scanner":
      return pick(i, "ja-story", [
        {
          subject: "ポートスキャンの通報",
          story: [
            "貴社のIPアドレスから、弊社のネットワーク全体に対するポートスキャンを検知しました。",
          ],
          after: ["22番、23番、3389番などのポートに対して接続が繰り返されています。"],
        },
        {
          subject: `${target} からのスキャン行為について`,
          story: [
            "弊社のファイアウォールで、貴社のアドレスからのスキャン行為を継続的に検知しております。",
          ],
          after: [
            "送信元の機器が第三者に悪用されていないか、利用者の方にご確認いただけますと助かります。",
          ],
        },
      ]);
    case "malware-distribution":
      return pick(i, "ja-story", [
        {
          subject: "マルウェア配布サイトの報告",
          story: [
            "貴社でホスティングされているサイトから、マルウェアが配布されているようです。",
            "請求書のファイル名で実行ファイルがダウンロードされ、ウイルス対策ソフトが検知しました。",
          ],
          after: ["ファイルのハッシュ値が必要でしたらお知らせください。"],
        },
        {
          subject: "ウイルスが配布されているURLについて",
          story: [
            "下記のURLからダウンロードされるファイルが、ウイルス対策ソフトでマルウェアとして検知されました。",
          ],
          after: ["至急、ご確認をお願いいたします。"],
        },
      ]);
    case "c2-server":
      return {
        subject: "C2サーバと思われる通信先について",
        story: [
          "貴社のIPアドレスが、ボットネットのC2サーバとして使われている可能性があります。",
          "社内の端末から、このアドレスへの定期的な通信が確認されました。",
        ],
        after: ["ご確認のほど、お願いいたします。"],
      };
    case "ddos":
      return {
        subject: "DDoS攻撃についてのご連絡",
        story: [
          "貴社のIPアドレスから、弊社のWebサーバに対するDDoS攻撃を受けています。",
          `${m.when}ごろから毎秒数万件のリクエストが届き、サービスに支障が出ております。`,
        ],
        after: ["通信の遮断など、ご対応いただけますでしょうか。"],
      };
    case "copyright":
      return {
        subject: "著作権侵害コンテンツの削除依頼",
        story: [
          "弊社が著作権を有する写真が、下記のサイトに無断で転載されています。",
          "掲載を許諾した事実はございません。",
        ],
        after: [
          "当該ページの削除をお願いいたします。権利を証明する資料は必要に応じてお送りします。",
        ],
      };
    case "unauthorised-information-modification":
      return pick(i, "ja-story", [
        {
          subject: "Webサイト改ざんのご連絡",
          story: [
            "貴社でホスティングされている下記のWebサイトが改ざんされているようです。",
            "トップページが見知らぬ画像とメッセージに書き換えられています。",
          ],
          after: ["サイトの運営者の方にお伝えいただけますと幸いです。"],
        },
        {
          subject: "改ざんされたサイトについて",
          story: [
            "下記のサイトを閲覧したところ、ページが改ざんされ、不審なスクリプトが埋め込まれていました。",
          ],
          after: ["閲覧者に被害が出る前に、ご対応をお願いいたします。"],
        },
      ]);
    default:
      return {
        subject: "不審な通信についてのご連絡",
        story: ["貴社のネットワークから不審な通信を確認しましたので、ご連絡いたします。"],
        after: ["ご確認のほど、お願いいたします。"],
      };
  }
}

function enWording(i: DemoMailIncident, m: Mention): Wording {
  const host = hostOf(i.url) ?? i.domain;
  const target = i.ip ?? host ?? "";
  switch (i.type) {
    case "phishing":
      return pick(i, "en-story", [
        {
          subject: `Phishing site imitating ${m.brand} on your network`,
          story: [
            `A phishing page imitating the ${m.brand} login is hosted on your network.`,
            "It asks for the online banking password and the card number, and it was linked from a mail that pretended to come from the bank.",
          ],
          after: ["Please take it down as soon as possible."],
        },
        {
          subject: "Phishing report",
          story: [
            `I received a text message with a link to a fake ${m.brand} sign-in page. The page looks like the real one and asks for a one-time code.`,
          ],
          after: ["Could you please have a look and remove it?"],
        },
      ]);
    case "spam":
      return pick(i, "en-story", [
        {
          subject: `Spam from ${target}`,
          story: [
            "Your server keeps sending us spam. We get dozens of the same advertisement every hour since yesterday.",
          ],
          after: ["Full headers are available on request."],
        },
        {
          subject: "Unsolicited bulk mail from your network",
          story: [
            "We are receiving spam from one of your customers.",
            "Unsubscribing does not help.",
          ],
          after: ["Please make them stop."],
        },
      ]);
    case "brute-force":
      return pick(i, "en-story", [
        {
          subject: `SSH brute-force attack from ${target}`,
          story: [
            "One of your addresses is running a brute-force attack against our SSH servers. It has tried hundreds of user names in the last hour.",
          ],
          after: ["An excerpt of our log:", "", ...pastedSshLog(i), "", "Please investigate."],
        },
        {
          subject: "Brute force login attempts",
          story: [
            "Our servers are seeing brute forcing of the mail login from the address below. The machine may be compromised.",
          ],
          after: ["We would appreciate it if you could contact your customer."],
        },
      ]);
    case "scanner":
      return {
        subject: `Port scans from ${target}`,
        story: ["The address below scans our whole network, ports 22, 23 and 3389 among others."],
        after: ["Please ask your customer to stop."],
      };
    case "malware-distribution":
      return {
        subject: "Malware hosted on your network",
        story: [
          "The URL below serves a Windows executable that our antivirus flags as malware. It is linked from fake invoice mails.",
        ],
        after: ["Please remove the file."],
      };
    case "c2-server":
      return {
        subject: "Botnet command-and-control server",
        story: [
          "The host below acts as a botnet command-and-control (C2) server. Infected machines in our network connect to it every few minutes.",
        ],
        after: ["Please shut it down."],
      };
    case "ddos":
      return {
        subject: "DDoS attack from your network",
        story: [
          `Since ${m.when} our web servers have been hit by a DDoS attack, and a large share of the traffic comes from the address below.`,
        ],
        after: ["Please filter it or contact your customer."],
      };
    case "copyright":
      return {
        subject: "Copyright infringement notice",
        story: [
          "The page below publishes our photographs without permission. We hold the copyright and have not licensed them to this site.",
        ],
        after: ["Please remove the page. We can send proof of ownership if needed."],
      };
    case "unauthorised-information-modification":
      return {
        subject: "Defaced website on your server",
        story: [
          "The website below has been defaced: its front page now shows a message from the attackers.",
        ],
        after: ["Please let the site owner know."],
      };
    default:
      return {
        subject: "Suspicious traffic from your network",
        story: ["We noticed suspicious traffic from the address below."],
        after: ["Please have a look."],
      };
  }
}

/** The list of what the report is about, in one of the two layouts people use. */
function resourceLines(m: Mention, i: DemoMailIncident, language: "ja" | "en"): string[] {
  const bulleted = pick(i, `${language}-layout`, [false, true]);
  const items: [string, string][] = [];
  const ja = language === "ja";
  if (m.url) items.push([ja ? "対象URL" : "URL", m.url]);
  if (m.ip) items.push([ja ? "IPアドレス" : "IP address", m.ip]);
  if (m.port !== undefined)
    items.push([ja ? "ポート" : "Port", ja ? `${m.port}番` : String(m.port)]);
  // The free-text parser takes an address as the spam's source only when it is called the
  // sender ("送信元", "Sender") on its line.
  if (m.domain && i.type === "spam")
    items.push([ja ? "送信元アドレス" : "Sender", `info@${m.domain}`]);
  else if (m.domain && !m.url) items.push([ja ? "ドメイン" : "Domain", m.domain]);
  items.push(ja ? ["確認日時", `${m.when}（日本時間）`] : ["Seen at", m.when]);
  if (!ja) return items.map(([k, v]) => `${bulleted ? "- " : ""}${k}: ${v}`);
  if (bulleted) return items.map(([k, v]) => `・${k}: ${v}`);
  // A full-width colon right before an IPv6 address hides it from the free-text parser (its
  // look-behind refuses a colon there), so a space follows the colon for IPv6.
  return items.map(([k, v]) => `${k}：${isIpv6(v) && !v.includes("/") ? " " : ""}${v}`);
}

/**
 * The subject and body (LF line ends, not yet encoded) of a person's report: the wording is
 * chosen from the Message-ID among a few variants per type and language, URLs are sometimes
 * defanged, and the reporter signs with name, organisation and address.
 */
export function freeTextContent(
  i: DemoMailIncident,
  language: "ja" | "en",
): { subject: string; body: string } {
  const m = mentionOf(i, language);
  const w = language === "ja" ? jaWording(i, m) : enWording(i, m);
  const sig = [
    "--",
    ...(i.reporter.org ? [i.reporter.org] : []),
    `${i.reporter.name} <${i.reporter.email}>`,
  ];
  if (language === "ja") {
    const greeting = pick(i, "ja-greeting", [
      "ご担当者様",
      "アビューズ窓口 ご担当者様",
      "ネットワーク管理ご担当者様",
    ]);
    const intro = i.reporter.org
      ? `お世話になっております。${i.reporter.org}の${i.reporter.name}と申します。`
      : pick(i, "ja-intro", [
          `突然のご連絡失礼いたします。${i.reporter.name}と申します。`,
          `はじめてご連絡いたします。${i.reporter.name}です。`,
        ]);
    const body = [
      greeting,
      "",
      intro,
      ...w.story,
      ...(m.defanged ? ["※誤ってアクセスしないよう、URLは一部無害化して記載しています。"] : []),
      "",
      ...resourceLines(m, i, "ja"),
      "",
      ...(w.after ?? []),
      "",
      pick(i, "ja-closing", ["よろしくお願いいたします。", "何卒よろしくお願い申し上げます。"]),
      ...sig,
    ];
    return { subject: w.subject, body: `${body.join("\n")}\n` };
  }
  const body = [
    pick(i, "en-greeting", ["Hello,", "Dear abuse team,", "Hi,"]),
    "",
    ...w.story,
    ...(m.defanged ? ["(Links are defanged so nobody clicks them by accident.)"] : []),
    "",
    ...resourceLines(m, i, "en"),
    "",
    ...(w.after ?? []),
    "",
    pick(i, "en-closing", ["Best regards,", "Thanks,", "Kind regards,"]),
    ...sig,
  ];
  return { subject: w.subject, body: `${body.join("\n")}\n` };
}

/**
 * A report written by a person, in Japanese or English: text/plain in the given charset
 * (ISO-2022-JP as 7bit; Shift_JIS and UTF-8 as base64 or 8bit), the Subject and a non-ASCII
 * From name as RFC 2047 words in the same charset.
 */
export function freeTextMail(i: DemoMailIncident, opts: FreeTextOptions): Buffer {
  const { subject, body } = freeTextContent(i, opts.language);
  const label = MIME_CHARSET[opts.charset];
  const bytes = encodeCharset(body.replace(/\n/g, CRLF), opts.charset);
  const cte =
    opts.charset === "iso-2022-jp"
      ? "7bit"
      : (opts.transferEncoding ?? pick(i, "cte", ["base64", "8bit"] as const));
  const encoded = cte === "base64" ? Buffer.from(`${base64Lines(bytes)}${CRLF}`, "latin1") : bytes;
  const head = headerBlock({
    from: mailbox(i.reporter.name, i.reporter.email, opts.charset),
    to: i.to,
    subject: encodedHeader(subject, opts.charset),
    // A person writes a while after noticing; Japanese reporters' clocks are in JST.
    date: rfc5322Date(
      new Date(i.at.getTime() + between(i, "delay", 5, 180) * 60_000),
      opts.language === "ja" ? JST : 0,
    ),
    messageId: i.messageId,
    mime: [`Content-Type: text/plain; charset=${label}`, `Content-Transfer-Encoding: ${cte}`],
  });
  return Buffer.concat([Buffer.from(`${head}${CRLF}${CRLF}`, "latin1"), encoded]);
}

// ---------------------------------------------------------------------------------------------
