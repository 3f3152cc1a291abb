package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Certificates and names as OPA shows them (the JSON of Go's x509.Certificate / pkix.Name, field
 * names included). Only the commonly used fields are filled in; see the report for the rest.
 */
final class X509Json {
  /** Go's pkix.Name string-list fields, by the attribute keyword Java prints. */
  private static final Map<String, String> NAME_FIELDS = new LinkedHashMap<>();
  private static final String BASIC_CONSTRAINTS_OID = "2.5.29.19";
  private static final Map<String, String> OID_KEYWORDS = Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.17", "POSTALCODE");

  static {
    NAME_FIELDS.put("C", "Country");
    NAME_FIELDS.put("O", "Organization");
    NAME_FIELDS.put("OU", "OrganizationalUnit");
    NAME_FIELDS.put("L", "Locality");
    NAME_FIELDS.put("ST", "Province");
    NAME_FIELDS.put("STREET", "StreetAddress");
    NAME_FIELDS.put("POSTALCODE", "PostalCode");
  }

  private X509Json() {}

  static Value certificate(X509Certificate c) {
    ObjectValue.Builder b = ObjectValue.builder();
    try {
      b.put("Raw", StringValue.of(Base64.getEncoder().encodeToString(c.getEncoded())));
      b.put("RawTBSCertificate", StringValue.of(Base64.getEncoder().encodeToString(c.getTBSCertificate())));
    } catch (CertificateEncodingException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
    b.put("Version", NumberValue.of(c.getVersion()));
    b.put("SerialNumber", NumberValue.of(c.getSerialNumber()));
    b.put("Subject", name(c.getSubjectX500Principal()));
    b.put("Issuer", name(c.getIssuerX500Principal()));
    b.put("NotBefore", StringValue.of(DateTimeFormatter.ISO_INSTANT.format(c.getNotBefore().toInstant())));
    b.put("NotAfter", StringValue.of(DateTimeFormatter.ISO_INSTANT.format(c.getNotAfter().toInstant())));
    b.put("SignatureAlgorithm", NumberValue.of(X509Codes.signatureAlgorithm(c.getSigAlgOID())));
    b.put("PublicKeyAlgorithm", NumberValue.of(X509Codes.publicKeyAlgorithm(c.getPublicKey().getAlgorithm())));
    b.put("KeyUsage", NumberValue.of(X509Codes.keyUsage(c.getKeyUsage())));
    b.put("ExtKeyUsage", extKeyUsage(c));
    int pathLen = c.getBasicConstraints();
    b.put("MaxPathLen", NumberValue.of(pathLen >= 0 && pathLen != Integer.MAX_VALUE ? pathLen : -1));
    b.put("MaxPathLenZero", BooleanValue.of(pathLen == 0));
    b.put("IsCA", BooleanValue.of(c.getBasicConstraints() >= 0));
    b.put("BasicConstraintsValid", BooleanValue.of(c.getExtensionValue(BASIC_CONSTRAINTS_OID) != null));
    Map<Integer, List<Value>> sans = subjectAltNames(c);
    b.put("DNSNames", listOrNull(sans.get(2)));
    b.put("EmailAddresses", listOrNull(sans.get(1)));
    b.put("IPAddresses", listOrNull(sans.get(7)));
    b.put("URIStrings", listOrNull(sans.get(6)));
    return b.build();
  }

  private static Value extKeyUsage(X509Certificate c) {
    try {
      List<Value> codes = new ArrayList<>();
      X509Codes.extKeyUsages(c.getExtendedKeyUsage()).forEach(code -> codes.add(NumberValue.of(code)));
      return listOrNull(codes);
    } catch (CertificateParsingException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
  }

  /** Go's pkix.Name: string lists (null when absent), SerialNumber and CommonName ("" when absent). */
  static Value name(X500Principal principal) {
    Map<String, List<Value>> lists = new LinkedHashMap<>();
    String common = "";
    String serial = "";
    try {
      for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253, OID_KEYWORDS)).getRdns()) {
        String type = rdn.getType().toUpperCase(java.util.Locale.ROOT);
        String value = String.valueOf(rdn.getValue());
        if (type.equals("CN")) {
          common = value;
        } else if (type.equals("SERIALNUMBER")) {
          serial = value;
        } else if (NAME_FIELDS.containsKey(type)) {
          lists.computeIfAbsent(type, k -> new ArrayList<>()).add(StringValue.of(value));
        }
      }
    } catch (InvalidNameException e) {
      throw BuiltinException.error("x509: malformed name: " + e.getMessage());
    }
    ObjectValue.Builder b = ObjectValue.builder();
    NAME_FIELDS.forEach((keyword, field) -> b.put(field, listOrNull(lists.get(keyword))));
    b.put("SerialNumber", StringValue.of(serial));
    b.put("CommonName", StringValue.of(common));
    return b.build();
  }

  private static Map<Integer, List<Value>> subjectAltNames(X509Certificate c) {
    Map<Integer, List<Value>> out = new LinkedHashMap<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (san.get(1) instanceof String s) {
            out.computeIfAbsent(type, k -> new ArrayList<>()).add(StringValue.of(s));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
    return out;
  }

  /** Go marshals an empty slice that was never set as null. */
  private static Value listOrNull(List<Value> items) {
    return items == null || items.isEmpty() ? NullValue.INSTANCE : ArrayValue.of(items);
  }
}
