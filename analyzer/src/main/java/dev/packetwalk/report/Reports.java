package dev.packetwalk.report;

import dev.packetwalk.analysis.AnalysisResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The entry point the CLI uses to render an {@link AnalysisResult}: HTML for people, JSON for machines, Markdown for
 * a ticket comment, and a terminal summary. Files are written whole or not at all (temp file, then rename).
 */
public final class Reports {
  public static final String HTML_FILE = "packetwalk-report.html";
  public static final String JSON_FILE = "packetwalk-report.json";
  public static final String MARKDOWN_FILE = "packetwalk-summary.md";

  private Reports() {}

  public static String html(AnalysisResult r) {
    return HtmlReport.render(r);
  }

  /** The HTML report with each traced path's break point quoted from the bundle. */
  public static String html(AnalysisResult r, PathExcerpts excerpts) {
    return HtmlReport.render(r, excerpts);
  }

  public static String json(AnalysisResult r) {
    return JsonReport.render(r);
  }

  /** The JSON report with each traced path's break point quoted from the bundle. */
  public static String json(AnalysisResult r, PathExcerpts excerpts) {
    return JsonReport.render(r, excerpts);
  }

  /** What {@code packetwalk trace} prints: the story of one path, or with {@code json} its JSON object. */
  public static String trace(dev.packetwalk.trace.Trace t, PathExcerpts excerpts, boolean json, boolean color) {
    return json ? JsonReport.text(PathJson.write(t, excerpts)) : TraceText.render(t, excerpts, color);
  }

  public static String markdown(AnalysisResult r) {
    return MarkdownReport.render(r);
  }

  public static String terminal(AnalysisResult r, boolean color, List<Path> written) {
    return TerminalSummary.render(r, color, written);
  }

  public static Path writeHtml(AnalysisResult r, Path file) throws IOException {
    return write(file, html(r));
  }

  public static Path writeHtml(AnalysisResult r, PathExcerpts excerpts, Path file) throws IOException {
    return write(file, html(r, excerpts));
  }

  public static Path writeJson(AnalysisResult r, Path file) throws IOException {
    return write(file, json(r));
  }

  public static Path writeJson(AnalysisResult r, PathExcerpts excerpts, Path file) throws IOException {
    return write(file, json(r, excerpts));
  }

  public static Path writeMarkdown(AnalysisResult r, Path file) throws IOException {
    return write(file, markdown(r));
  }

  /** Writes all three reports into {@code dir} under their standard names; returns the paths, HTML first. */
  public static List<Path> writeAll(AnalysisResult r, Path dir) throws IOException {
    Files.createDirectories(dir);
    return List.of(writeHtml(r, dir.resolve(HTML_FILE)), writeJson(r, dir.resolve(JSON_FILE)),
        writeMarkdown(r, dir.resolve(MARKDOWN_FILE)));
  }

  private static Path write(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      // temp files are created owner-only; a report is meant to be shared like any file the user writes
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UncheckedIOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return abs;
  }
}
