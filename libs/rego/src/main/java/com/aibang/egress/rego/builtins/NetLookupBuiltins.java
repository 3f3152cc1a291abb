package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.TreeSet;

/**
 * net.lookup_ip_addr: the addresses a name resolves to, through the JVM resolver (hosts file, DNS,
 * JVM cache). An IP literal is returned as is without any lookup.
 */
public final class NetLookupBuiltins {
  private NetLookupBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.markNondeterministic("net.lookup_ip_addr");
    r.register("net.lookup_ip_addr", 1, a -> lookup(a.string(0)));
  }

  private static Value lookup(String name) {
    TreeSet<Value> out = new TreeSet<>();
    byte[] literal = NetBuiltins.parseAddress(name);
    if (literal != null) {
      out.add(StringValue.of(IpText.format(new BigInteger(1, literal), literal.length * 8)));
      return SetValue.wrap(out);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(name)) {
        byte[] bytes = address.getAddress();
        out.add(StringValue.of(IpText.format(new BigInteger(1, bytes), bytes.length * 8)));
      }
    } catch (UnknownHostException e) {
      throw BuiltinException.error("lookup " + name + ": no such host");
    }
    return SetValue.wrap(out);
  }
}
