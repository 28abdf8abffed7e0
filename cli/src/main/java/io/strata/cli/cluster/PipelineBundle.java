package io.strata.cli.cluster;

import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * A pipeline's files inside a job jar: the pipeline file, every file it includes and every schema
 * it names, kept at their paths relative to one common directory under {@code strata-pipeline/},
 * plus an index. The config stays unresolved: {@code ${?ENV}} substitutions (secrets, addresses)
 * are resolved where the job's main method runs, from that machine's environment.
 */
public final class PipelineBundle {
  /** Where the files live inside the jar. */
  public static final String ROOT = "strata-pipeline/";

  /** Lists the files (one relative path a line); the first line is the pipeline file. */
  public static final String INDEX = ROOT + "index";

  // include "x", include file("x"), include required(file("x")), include required("x")
  private static final Pattern INCLUDE =
      Pattern.compile(
          "(?m)^(\\s*include\\s+)(required\\s*\\(\\s*)?(file\\s*\\(\\s*)?\"([^\"]+)\"(\\s*\\))?(\\s*\\))?");

  private final Path commonRoot;
  private final Map<Path, byte[]> files; // absolute path -> content (includes rewritten)
  private final Path pipelineFile;

  private PipelineBundle(Path pipelineFile, Path commonRoot, Map<Path, byte[]> files) {
    this.pipelineFile = pipelineFile;
    this.commonRoot = commonRoot;
    this.files = files;
  }

  /** Collects the files of a loaded pipeline (its file, includes, Avro schemas). */
  public static PipelineBundle of(PipelineDef pipeline) {
    Path main = pipeline.file().toAbsolutePath().normalize();
    Set<Path> configs = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>(List.of(main));
    while (!todo.isEmpty()) {
      Path f = todo.pop();
      if (!configs.add(f)) {
        continue;
      }
      for (Path included : includes(f)) {
        if (Files.isRegularFile(included)) {
          todo.add(included);
        }
      }
    }
    Set<Path> all = new LinkedHashSet<>(configs);
    for (OdsTableDef t : pipeline.ods().values()) {
      if (t.source() != null && t.source().schema() != null) {
        all.add(t.source().schema().toAbsolutePath().normalize());
      }
    }
    Path root = commonParent(all);
    Map<Path, byte[]> content = new LinkedHashMap<>();
    for (Path f : all) {
      try {
        byte[] bytes = Files.readAllBytes(f);
        content.put(
            f,
            configs.contains(f)
                ? rewriteIncludes(f, new String(bytes, StandardCharsets.UTF_8), root)
                    .getBytes(StandardCharsets.UTF_8)
                : bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return new PipelineBundle(main, root, content);
  }

  /** The packaged paths, pipeline file first. */
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    out.add(relative(pipelineFile));
    files.keySet().stream()
        .map(this::relative)
        .filter(p -> !p.equals(out.get(0)))
        .forEach(out::add);
    return out;
  }

  public String pipelineEntry() {
    return ROOT + relative(pipelineFile);
  }

  /**
   * Writes a copy of {@code runtimeJar} with this pipeline's files added. The copy is byte for
   * byte, then the files are added through the zip file system, which keeps the other entries
   * compressed as they are (re-compressing 100+ MB would take minutes).
   */
  public void writeJar(Path runtimeJar, Path out) {
    try {
      Path target = out.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Files.copy(runtimeJar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(target)) {
        Path root = jar.getPath("/" + ROOT);
        Files.createDirectories(root);
        Files.writeString(jar.getPath("/" + INDEX), String.join("\n", paths()) + "\n");
        for (Map.Entry<Path, byte[]> f : files.entrySet()) {
          Path p = jar.getPath("/" + ROOT + relative(f.getKey()));
          Files.createDirectories(p.getParent());
          Files.write(p, f.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job jar " + out, e);
    }
  }

  /**
   * The bundle as one program argument (base64 of a zip of the files, index first): with it a
   * cluster runs any pipeline from one uploaded runtime jar, no jar per pipeline and submission.
   */
  public String toArgument() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(INDEX));
      zip.write((String.join("\n", paths()) + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      for (Map.Entry<Path, byte[]> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(ROOT + relative(f.getKey())));
        zip.write(f.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /**
   * On the cluster: the files of a {@link #toArgument()} bundle into {@code dir}; returns the
   * pipeline file.
   */
  public static Path extractArgument(String argument, Path dir) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (java.util.zip.ZipInputStream zip =
        new java.util.zip.ZipInputStream(
            new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(argument)))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the pipeline argument is not a Strata bundle", e);
    }
    ClassLoader loader =
        new ClassLoader(null) {
          @Override
          public InputStream getResourceAsStream(String name) {
            byte[] b = entries.get(name);
            return b == null ? null : new java.io.ByteArrayInputStream(b);
          }
        };
    return extract(loader, dir);
  }

  /** Writes the pipeline's files into {@code dir} (for a Kubernetes ConfigMap or inspection). */
  public void writeFiles(Path dir) {
    for (Map.Entry<Path, byte[]> f : files.entrySet()) {
      Path target = dir.resolve(relative(f.getKey()));
      try {
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target, e);
      }
    }
  }

  /**
   * On the cluster: copies the packaged files out of the job jar's class path into a fresh
   * directory and returns the pipeline file's path there.
   */
  public static Path extract(ClassLoader loader, Path dir) {
    List<String> index;
    try (InputStream in = loader.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException(
            "no pipeline in this jar ("
                + INDEX
                + " missing): build the jar with 'strata package <pipeline.conf>'");
      }
      index =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank())
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String p : index) {
      Path target = dir.resolve(p).normalize();
      if (!target.startsWith(dir)) {
        throw new IllegalStateException("refusing to extract " + p + " outside " + dir);
      }
      try (InputStream in = loader.getResourceAsStream(ROOT + p)) {
        if (in == null) {
          throw new IllegalStateException("the job jar lists " + p + " but does not contain it");
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          in.transferTo(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract " + p, e);
      }
    }
    return dir.resolve(index.get(0));
  }

  // ------------------------------------------------------------------------------------------

  private String relative(Path p) {
    return commonRoot.relativize(p).toString().replace('\\', '/');
  }

  private static List<Path> includes(Path file) {
    List<Path> out = new ArrayList<>();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return out;
    }
    Matcher m = INCLUDE.matcher(text);
    while (m.find()) {
      Path target = includeTarget(file, m);
      if (target != null) {
        out.add(target);
      }
    }
    return out;
  }

  private static Path includeTarget(Path from, Matcher m) {
    String name = m.group(4);
    Path p = Path.of(name);
    if (m.group(3) != null) {
      // file("x"): absolute, or relative to the working directory (Typesafe Config's rule).
      return p.isAbsolute() ? p.normalize() : p.toAbsolutePath().normalize();
    }
    // include "x": relative to the including file.
    return p.isAbsolute() ? p.normalize() : from.getParent().resolve(p).normalize();
  }

  /** Every include of a packaged file becomes a relative include that works wherever it lands. */
  private static String rewriteIncludes(Path file, String text, Path root) {
    Matcher m = INCLUDE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Path target = includeTarget(file, m);
      String replacement;
      if (target == null || !target.startsWith(root) || !Files.isRegularFile(target)) {
        replacement = m.group(0);
      } else {
        String rel = file.getParent().relativize(target).toString().replace('\\', '/');
        replacement =
            m.group(1) + (m.group(2) != null ? "required(\"" + rel + "\")" : "\"" + rel + "\"");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static Path commonParent(Set<Path> paths) {
    Path common = null;
    for (Path p : paths) {
      Path dir = p.getParent();
      if (common == null) {
        common = dir;
      } else {
        while (!dir.startsWith(common)) {
          common = common.getParent();
        }
      }
    }
    return common;
  }
}
