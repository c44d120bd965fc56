package dev.packetwalk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes test bundles, including the hostile shapes a real tar tool would refuse to make. */
public final class TarBuilder {
  private record Entry(String name, byte[] content, byte type, String link) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, byte[]> manifestFiles = new LinkedHashMap<>();

  public TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public TarBuilder file(String name, byte[] content) {
    entries.add(new Entry(name, content, TarConstants.LF_NORMAL, null));
    manifestFiles.put(name, content);
    return this;
  }

  /** An entry that the manifest does not list (or lists with another hash). */
  public TarBuilder unlisted(String name, String content) {
    entries.add(new Entry(name, content.getBytes(StandardCharsets.UTF_8), TarConstants.LF_NORMAL, null));
    return this;
  }

  public TarBuilder symlink(String name, String target) {
    entries.add(new Entry(name, new byte[0], TarConstants.LF_SYMLINK, target));
    return this;
  }

  public TarBuilder hardlink(String name, String target) {
    entries.add(new Entry(name, new byte[0], TarConstants.LF_LINK, target));
    return this;
  }

  public TarBuilder device(String name) {
    entries.add(new Entry(name, new byte[0], TarConstants.LF_CHR, null));
    return this;
  }

  /** Adds a manifest.json listing every file added with {@link #file}, with correct hashes. */
  public TarBuilder withManifest() {
    StringBuilder files = new StringBuilder();
    for (Map.Entry<String, byte[]> e : manifestFiles.entrySet()) {
      if (files.length() > 0) files.append(",\n");
      files.append("    {\"path\": \"").append(e.getKey()).append("\", \"sha256\": \"").append(sha256(e.getValue()))
          .append("\", \"size\": ").append(e.getValue().length)
          .append(", \"command\": \"kubectl get\", \"source\": null, \"exitCode\": 0, \"durationMs\": 5,")
          .append(" \"stderr\": null, \"truncated\": false}");
    }
    String manifest = "{\n  \"formatVersion\": 1,\n  \"collector\": {\"name\": \"packetwalk-collect\", \"version\": "
        + "\"test\"},\n  \"cluster\": {\"context\": \"test\", \"server\": \"https://127.0.0.1:6443\"},\n"
        + "  \"startTime\": \"2026-11-21T10:00:00Z\", \"endTime\": \"2026-11-21T10:00:05Z\",\n  \"options\": {},\n"
        + "  \"files\": [\n" + files + "\n  ],\n  \"skipped\": []\n}\n";
    entries.add(0, new Entry("manifest.json", manifest.getBytes(StandardCharsets.UTF_8), TarConstants.LF_NORMAL,
        null));
    return this;
  }

  public byte[] tar() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTar(out);
    return out.toByteArray();
  }

  public byte[] tarGz() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      writeTar(gz);
    }
    return out.toByteArray();
  }

  public Path writeTarGz(Path file) throws IOException {
    Files.write(file, tarGz());
    return file;
  }

  private void writeTar(OutputStream os) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(os);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (Entry e : entries) {
      TarArchiveEntry te = new TarArchiveEntry(e.name, e.type, true); // keep "/" so hostile names survive
      if (e.link != null) te.setLinkName(e.link);
      if (e.type == TarConstants.LF_NORMAL) te.setSize(e.content.length);
      te.setModTime(0);
      tar.putArchiveEntry(te);
      if (e.type == TarConstants.LF_NORMAL) tar.write(e.content);
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
