import { describe, expect, it } from "vitest";
import { hammingDistance, NEAR_DUPLICATE_BITS, simhash, visibleText } from "./fingerprint.ts";

const kit = (brand: string, token: string, date: string) => `<!doctype html>
<html><head><title>${brand} - Sign in</title><style>body{font:14px sans-serif}</style>
<script>var t="${token}";</script></head>
<body><div class="box"><h1>${brand} online banking</h1>
<p>For your security, please confirm your account details to continue using online banking.</p>
<p>Your account will be suspended within 24 hours if you do not confirm your identity.</p>
<form method="post" action="post.php?s=${token}">
<label>User ID</label><input name="user"><label>Password</label><input name="pass" type="password">
<label>Card number</label><input name="card"><label>Expiry</label><input name="exp">
<label>Security code</label><input name="cvv"><button>Confirm</button></form>
<p class="small">Copyright ${date} ${brand}. All rights reserved.</p></div></body></html>`;

const otherLogin = `<html><head><title>Webmail</title></head><body>
<h2>Welcome to Example Webmail</h2><p>Sign in to read your mail and manage your calendar.</p>
<form><input name="email"><input name="password" type="password"><button>Log in</button></form>
<footer>Need help? Contact the service desk.</footer></body></html>`;

const news = `<html><body><h1>Local news</h1><p>The city council met on Tuesday to discuss the
new library building, which will open next spring with a larger children's section and
longer opening hours on weekends.</p></body></html>`;

describe("the page fingerprint", () => {
  it("reads the text a person sees", () => {
    expect(visibleText("<p>Hello&nbsp;<b>World</b></p><script>x()</script>")).toBe("hello world");
  });

  it("keeps the same kit within a few bits across a new token, date and a changed sentence", () => {
    const a = simhash(kit("Example Bank", "a81f93c2", "2026"));
    const b = simhash(kit("Example Bank", "77de01aa", "2027"));
    const c = simhash(
      kit("Example Bank", "0b9e4410", "2026").replace("within 24 hours", "within 12 hours today"),
    );
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(NEAR_DUPLICATE_BITS);
    expect(hammingDistance(a, c)).toBeLessThanOrEqual(NEAR_DUPLICATE_BITS);
  });

  it("keeps unrelated pages, even other login pages, far apart", () => {
    const a = simhash(kit("Example Bank", "a81f93c2", "2026"));
    expect(hammingDistance(a, simhash(otherLogin))).toBeGreaterThan(NEAR_DUPLICATE_BITS * 2);
    expect(hammingDistance(a, simhash(news))).toBeGreaterThan(NEAR_DUPLICATE_BITS * 2);
  });

  it("is 16 hex digits, the same for the same page", () => {
    expect(simhash(news)).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(news)).toBe(simhash(news));
    expect(simhash("")).toBe("0000000000000000");
  });
});
