package com.aibang.egress.policyctl;

import com.aibang.egress.rego.SourceFile;
import com.aibang.egress.rego.bundle.PolicyBundle;
import com.aibang.egress.rego.bundle.PolicyBundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads paths like {@code opa} does: a directory as a bundle (every .rego file, data.json/data.yaml
 * placed at its directory's path; several directories are layered), a .rego file as a module, and a
 * .json/.yaml/.yml file as data merged at the root.
 */
final class PolicyLoader {
  private PolicyLoader() {}

  /** Thrown for a path that cannot be loaded; the message names it. */
  static final class LoadException extends Exception {
    LoadException(String message) { super(message); }
  }

  static PolicySet load(List<String> paths) throws LoadException {
    List<Path> dirs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        dirs.add(path);
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new LoadException(p + ": no such file or directory");
      }
    }
    List<SourceFile> modules = new ArrayList<>();
    Map<String, Object> data = new LinkedHashMap<>();
    List<String> dataFiles = new ArrayList<>();
    if (!dirs.isEmpty()) {
      PolicyBundle bundle;
      try {
        bundle = PolicyBundle.load(dirs);
      } catch (PolicyBundleException e) {
        throw new LoadException(e.getMessage());
      }
      for (SourceFile m : bundle.modules()) {
        modules.add(new SourceFile(displayName(bundle, m.name()), m.content()));
      }
      bundle.dataFiles().forEach(d -> dataFiles.add(displayName(bundle, d)));
      merge(data, bundle.data(), "");
    }
    for (Path f : files) {
      String name = f.toString();
      if (name.endsWith(".rego")) {
        modules.add(new SourceFile(name, read(f)));
      } else if (DataDocuments.isDataFile(name)) {
        merge(data, DataDocuments.parseObject(name, read(f)), "");
        dataFiles.add(name);
      } else {
        throw new LoadException(name + ": not a .rego, .json, .yaml or .yml file");
      }
    }
    return new PolicySet(List.copyOf(modules), data, List.copyOf(dataFiles));
  }

  private static String displayName(PolicyBundle bundle, String name) {
    return bundle.roots().size() == 1 ? bundle.pathOf(name).toString() : name;
  }

  static String read(Path f) throws LoadException {
    try {
      return FileText.readUtf8(f);
    } catch (IOException e) {
      throw new LoadException(f + ": " + e.getMessage());
    }
  }

  /** Deep-merges objects; the same key with two non-object values is a conflict, as in OPA. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from, String at) throws LoadException {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      String path = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
      Object existing = into.get(e.getKey());
      if (existing == null && !into.containsKey(e.getKey())) {
        into.put(e.getKey(), e.getValue());
      } else if (existing instanceof Map<?, ?> a && e.getValue() instanceof Map<?, ?> b) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) a);
        merge(copy, (Map<String, Object>) b, path);
        into.put(e.getKey(), copy);
      } else {
        throw new LoadException("data conflict: data." + path + " is defined by more than one data file");
      }
    }
  }
}
