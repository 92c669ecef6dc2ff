import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { sha256Hex } from "../domain/canonical-json.ts";

/** The instance's signing key for ledger entries. */
export interface LedgerSigner {
  /** First 16 hex characters of the SHA-256 of the raw public key. */
  keyId: string;
  publicKeyPem: string;
  /** Ed25519 signature over the 32 bytes of a hex SHA-256, in base64. */
  sign(hashHex: string): string;
}

/** A key id as Mogura writes it: from the DER (SPKI) of the public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: "spki", format: "der" })).slice(0, 16);
}

/**
 * The Ed25519 key in `path`, made there (mode 0600) on the first start. Every process that
 * captures evidence needs the same file: workers on other machines get a copy of it.
 */
export function loadOrCreateSigner(path: string): LedgerSigner {
  let privateKey: KeyObject;
  if (existsSync(path)) {
    try {
      privateKey = createPrivateKey(readFileSync(path));
    } catch (e) {
      throw new Error(`${path} is not a PEM private key: ${(e as Error).message}`);
    }
    if (privateKey.asymmetricKeyType !== "ed25519")
      throw new Error(`${path} holds a ${privateKey.asymmetricKeyType} key, not Ed25519`);
  } else {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    privateKey = generateKeyPairSync("ed25519").privateKey;
    writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    sign: (hashHex) => sign(null, Buffer.from(hashHex, "hex"), privateKey).toString("base64"),
  };
}

/** Whether `signature` is the key's Ed25519 signature over the hash. */
export function verifySignature(publicKeyPem: string, hashHex: string, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(hashHex, "hex"),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, "base64"),
    );
  } catch {
    return false;
  }
}
