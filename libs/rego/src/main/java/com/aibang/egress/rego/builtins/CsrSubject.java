package com.aibang.egress.rego.builtins;

import java.util.Arrays;
import javax.security.auth.x500.X500Principal;

/** Reads the subject of a PKCS#10 certificate request (DER), enough for crypto.x509.parse_certificate_request. */
final class CsrSubject {
  private CsrSubject() {}

  /**
   * CertificationRequest ::= SEQUENCE { CertificationRequestInfo ::= SEQUENCE { version INTEGER,
   * subject Name, ... }, ... }: walks two SEQUENCE headers, skips the version, returns the Name.
   */
  static X500Principal subject(byte[] der) {
    try {
      int[] outer = header(der, 0, 0x30);
      int[] info = header(der, outer[0], 0x30);
      int[] version = header(der, info[0], 0x02);
      int nameStart = version[0] + version[1];
      int[] name = header(der, nameStart, 0x30);
      return new X500Principal(Arrays.copyOfRange(der, nameStart, name[0] + name[1]));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw BuiltinException.error("asn1: structure error: malformed certificate request");
    }
  }

  /** Checks the tag at pos and returns {content start, content length}. */
  private static int[] header(byte[] der, int pos, int tag) {
    if ((der[pos] & 0xff) != tag) {
      throw new IllegalArgumentException("unexpected tag");
    }
    int len = der[pos + 1] & 0xff;
    int start = pos + 2;
    if (len > 0x80) {
      int bytes = len - 0x80;
      len = 0;
      for (int i = 0; i < bytes; i++) {
        len = (len << 8) | (der[start + i] & 0xff);
      }
      start += bytes;
    }
    if (start + len > der.length) {
      throw new IllegalArgumentException("truncated");
    }
    return new int[] {start, len};
  }
}
