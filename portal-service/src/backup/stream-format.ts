import fs from 'node:fs';
import sodium = require('libsodium-wrappers-sumo');

/**
 * Backup file layout: MAGIC (16 bytes) | secretstream header (24 bytes) |
 * frames of [u32 big-endian length | XChaCha20-Poly1305 secretstream chunk].
 * Every chunk is authenticated with MAGIC as additional data; the last one
 * carries TAG_FINAL, so a truncated, reordered, spliced or edited file fails
 * to decrypt, and bytes after the final chunk are refused too.
 */
export const MAGIC = Buffer.from('PALISADE-BACKUP\u0001', 'latin1');
export const KEY_BYTES = 32;
const MAX_FRAME = 64 * 1024 * 1024;

export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
}

export async function ready(): Promise<typeof sodium> {
  await sodium.ready;
  return sodium;
}

export class BackupWriter {
  private constructor(
    private readonly fd: number,
    private readonly state: sodium.StateAddress,
  ) {}

  static async open(file: string, key: Uint8Array): Promise<BackupWriter> {
    const s = await ready();
    if (key.length !== KEY_BYTES) throw new Error('the backup key must be 32 bytes');
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    // 'wx': never overwrite an existing backup by accident; 0600: it is still sensitive metadata.
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, MAGIC);
    fs.writeSync(fd, header);
    return new BackupWriter(fd, state);
  }

  write(message: unknown, final = false): number {
    const plain = Buffer.from(JSON.stringify(message), 'utf8');
    const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const ct = sodium.crypto_secretstream_xchacha20poly1305_push(this.state, plain, MAGIC, tag);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(ct.length);
    fs.writeSync(this.fd, len);
    fs.writeSync(this.fd, ct);
    plain.fill(0);
    return ct.length + 4;
  }

  close(): void {
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

export class BackupReader {
  private finished = false;

  private constructor(
    private readonly fd: number,
    private readonly state: sodium.StateAddress,
    private position: number,
    readonly size: number,
  ) {}

  static async open(file: string, key: Uint8Array): Promise<BackupReader> {
    const s = await ready();
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(MAGIC.length + s.crypto_secretstream_xchacha20poly1305_HEADERBYTES);
    if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
      fs.closeSync(fd);
      throw new BackupFormatError('not a Palisade backup (bad magic)');
    }
    let state: sodium.StateAddress;
    try {
      state = s.crypto_secretstream_xchacha20poly1305_init_pull(head.subarray(MAGIC.length), key);
    } catch {
      fs.closeSync(fd);
      throw new BackupFormatError('the backup header does not match this backup key');
    }
    return new BackupReader(fd, state, head.length, size);
  }

  get bytesRead(): number {
    return this.position;
  }

  /** The next message, or undefined after the final one; throws BackupFormatError on any tampering. */
  next(): unknown {
    if (this.finished) return undefined;
    const len = Buffer.alloc(4);
    if (fs.readSync(this.fd, len, 0, 4, this.position) !== 4) throw new BackupFormatError('the backup ends before its final chunk (truncated)');
    const n = len.readUInt32BE();
    if (n > MAX_FRAME || this.position + 4 + n > this.size) throw new BackupFormatError('a chunk length is out of range (truncated or edited)');
    const ct = Buffer.alloc(n);
    fs.readSync(this.fd, ct, 0, n, this.position + 4);
    this.position += 4 + n;
    let res: { message: Uint8Array; tag: number } | false;
    try {
      res = sodium.crypto_secretstream_xchacha20poly1305_pull(this.state, ct, MAGIC);
    } catch {
      res = false;
    }
    if (!res) throw new BackupFormatError(`chunk at byte ${this.position - 4 - n} fails authentication (tampered, reordered or wrong key)`);
    if (res.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      this.finished = true;
      if (this.position !== this.size) throw new BackupFormatError('bytes follow the final chunk (appended data)');
    }
    return JSON.parse(Buffer.from(res.message).toString('utf8')) as unknown;
  }

  get done(): boolean {
    return this.finished;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
