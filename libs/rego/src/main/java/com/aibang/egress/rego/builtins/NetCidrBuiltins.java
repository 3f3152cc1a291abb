package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.NetBuiltins.Cidr;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** net.cidr_* builtins beyond net.cidr_contains: matches, expand, intersects, is_valid, merge. */
public final class NetCidrBuiltins {
  /** Largest network net.cidr_expand will enumerate (a /16 in IPv4); bigger ones fail instead of exhausting memory. */
  private static final int MAX_EXPAND_HOST_BITS = 16;

  private NetCidrBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("net.cidr_contains_matches", 2, NetCidrBuiltins::containsMatches);
    r.register("net.cidr_expand", 1, a -> expand(Cidr.parse(a.string(0), true)));
    r.register("net.cidr_intersects", 2, a -> {
      Cidr x = Cidr.parse(a.string(0), true);
      Cidr y = Cidr.parse(a.string(1), true);
      return BooleanValue.of(contains(x, y.network(), y.bits()) || contains(y, x.network(), x.bits()));
    });
    r.register("net.cidr_is_valid", 1, a -> BooleanValue.of(a.get(0) instanceof StringValue s && isValidCidr(s.value())));
    r.register("net.cidr_merge", 1, NetCidrBuiltins::merge);
  }

  private static boolean isValidCidr(String s) {
    try {
      Cidr.parse(s, true);
      return true;
    } catch (BuiltinException e) {
      return false;
    }
  }

  private static boolean contains(Cidr net, BigInteger address, int bits) {
    int hostBits = net.bits() - net.prefix();
    return net.bits() == bits && net.address().shiftRight(hostBits).equals(address.shiftRight(hostBits));
  }

  private static Value containsMatches(Args a) {
    TreeSet<Value> result = new TreeSet<>();
    forEachCidr(a, 0, (cidr1, key1) -> forEachCidr(a, 1, (cidr2, key2) -> {
      Cidr outer = Cidr.parse(cidr1, true);
      Cidr inner = Cidr.parse(cidr2, cidr2.indexOf('/') >= 0);
      if (outer.contains(inner)) {
        result.add(ArrayValue.of(key1, key2));
      }
    }));
    return SetValue.wrap(result);
  }

  /** Visits (cidr text, key) for a string, or each element of an array (key index), set (key element) or object (key). */
  private static void forEachCidr(Args a, int operand, BiConsumer<String, Value> visit) {
    Value v = a.get(operand);
    if (v instanceof StringValue s) {
      visit.accept(s.value(), s);
    } else if (v instanceof ArrayValue arr) {
      for (int i = 0; i < arr.size(); i++) {
        visit.accept(matchTerm(arr.get(i), operand), NumberValue.of(i));
      }
    } else if (v instanceof SetValue set) {
      for (Value x : set.items()) {
        visit.accept(matchTerm(x, operand), x);
      }
    } else if (v instanceof ObjectValue obj) {
      for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
        visit.accept(matchTerm(e.getValue(), operand), e.getKey());
      }
    } else {
      throw a.typeError(operand, "one of {string, array, set, object}");
    }
  }

  /** An element is a CIDR string or a non-empty array whose first element is one (extra elements are payload). */
  private static String matchTerm(Value v, int operand) {
    if (v instanceof StringValue s) {
      return s.value();
    }
    if (v instanceof ArrayValue arr && arr.size() > 0 && arr.get(0) instanceof StringValue s) {
      return s.value();
    }
    throw BuiltinException.error(Args.operand(operand) + ": element must be string or non-empty array");
  }

  private static Value expand(Cidr cidr) {
    int hostBits = cidr.bits() - cidr.prefix();
    if (hostBits > MAX_EXPAND_HOST_BITS) {
      throw BuiltinException.error("network too large to expand (more than 2^" + MAX_EXPAND_HOST_BITS + " addresses)");
    }
    TreeSet<Value> out = new TreeSet<>();
    BigInteger first = cidr.network();
    for (long i = 0; i < (1L << hostBits); i++) {
      out.add(StringValue.of(IpText.format(first.add(BigInteger.valueOf(i)), cidr.bits())));
    }
    return SetValue.wrap(out);
  }

  /** An address range; text is kept when the range still is exactly the network it came from. */
  private record Block(int bits, BigInteger first, BigInteger last, String text) {}

  private static Value merge(Args a) {
    Iterable<Value> items;
    if (a.get(0) instanceof ArrayValue arr) {
      items = arr.items();
    } else if (a.get(0) instanceof SetValue set) {
      items = set.items();
    } else {
      throw a.typeError(0, "one of {array, set}");
    }
    List<Block> blocks = new ArrayList<>();
    for (Value v : items) {
      blocks.add(toBlock(v));
    }
    blocks.sort(Comparator.comparingInt(Block::bits).thenComparing(Block::first).thenComparing(Block::last));
    // Merge backwards, as OPA does: a block absorbs its successor when they touch or overlap.
    for (int i = blocks.size() - 1; i > 0; i--) {
      Block prev = blocks.get(i - 1);
      Block cur = blocks.get(i);
      if (prev.bits() == cur.bits() && prev.last().compareTo(cur.first().subtract(BigInteger.ONE)) >= 0) {
        BigInteger last = cur.last().max(prev.last());
        blocks.set(i - 1, new Block(prev.bits(), prev.first(), last, null));
        blocks.remove(i);
      }
    }
    TreeSet<Value> out = new TreeSet<>();
    for (Block b : blocks) {
      if (b.text() != null) {
        out.add(StringValue.of(b.text()));
      } else {
        rangeToCidrs(b, out);
      }
    }
    return SetValue.wrap(out);
  }

  private static Block toBlock(Value v) {
    if (!(v instanceof StringValue s)) {
      throw BuiltinException.error("element must be string");
    }
    String text = s.value();
    byte[] ip = text.indexOf('/') >= 0 ? null : NetBuiltins.parseAddress(text);
    if (ip == null) {
      Cidr c = Cidr.parse(text, true);
      BigInteger first = c.network();
      return new Block(c.bits(), first, lastAddress(first, c.bits(), c.prefix()),
          IpText.format(first, c.bits()) + "/" + c.prefix());
    }
    if (ip.length != 4) {
      throw BuiltinException.error("IPv6 invalid: needs prefix length");
    }
    // Go gives a bare IPv4 address its classful default mask and keeps the host bits.
    int prefix = (ip[0] & 0xff) < 0x80 ? 8 : (ip[0] & 0xff) < 0xc0 ? 16 : 24;
    BigInteger addr = new BigInteger(1, ip);
    return new Block(32, addr, lastAddress(addr, 32, prefix), text + "/" + prefix);
  }

  private static BigInteger lastAddress(BigInteger address, int bits, int prefix) {
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return address.or(hostMask);
  }

  /** Smallest list of aligned networks exactly covering [first, last]. */
  private static void rangeToCidrs(Block b, TreeSet<Value> out) {
    BigInteger cur = b.first();
    while (cur.compareTo(b.last()) <= 0) {
      int hostBits = cur.signum() == 0 ? b.bits() : cur.getLowestSetBit();
      hostBits = Math.min(hostBits, b.bits());
      while (hostBits > 0 && cur.add(BigInteger.ONE.shiftLeft(hostBits)).subtract(BigInteger.ONE).compareTo(b.last()) > 0) {
        hostBits--;
      }
      out.add(StringValue.of(IpText.format(cur, b.bits()) + "/" + (b.bits() - hostBits)));
      cur = cur.add(BigInteger.ONE.shiftLeft(hostBits));
    }
  }
}
