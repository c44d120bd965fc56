package dev.packetwalk.report;

import dev.packetwalk.analysis.AnalysisResult;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The report for people: one self-contained HTML file rendered from the auto-escaping FreeMarker templates in
 * {@code reports-templates/} (on the classpath under the same name). The stylesheet and script are read from
 * {@code reports-templates/assets/} and inlined; the page loads nothing from any URL and is fully readable with
 * JavaScript off.
 *
 * <p>Every value from the bundle reaches the page through {@code ${...}} in an {@code .ftlh} template and is
 * HTML-escaped there. Only our own assets are inserted unescaped, and {@link #asset} refuses any asset that could
 * close its element early.
 */
public final class HtmlReport {
  static final String TEMPLATE_ROOT = "reports-templates";
  static final String LAYOUT = "report.ftlh";

  private static final Configuration CONFIG = configuration();

  private HtmlReport() {}

  /** The report as HTML text. Deterministic: the same result renders to the same bytes. */
  public static String render(AnalysisResult result) {
    return render(result, PathExcerpts.from(result.evidence()));
  }

  /** The report, quoting each path's break point through {@code excerpts}. */
  public static String render(AnalysisResult result, PathExcerpts excerpts) {
    return render(ReportModel.of(result, excerpts));
  }

  static String render(ReportModel model) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("report", model);
    root.put("css", asset("assets/report.css", "</style"));
    root.put("js", asset("assets/report.js", "</script"));
    try {
      Template t = CONFIG.getTemplate(LAYOUT);
      StringWriter out = new StringWriter(64 * 1024);
      t.process(root, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load report template " + LAYOUT, e);
    } catch (TemplateException e) {
      throw new IllegalStateException("report template failed: " + e.getMessage(), e);
    }
  }

  static Configuration configuration() {
    // 2.3.34 turns on auto-escaping for .ftlh (output format by file extension), records as beans, and the rest
    // of the current defaults.
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassLoaderForTemplateLoading(HtmlReport.class.getClassLoader(), TEMPLATE_ROOT);
    c.setRecognizeStandardFileExtensions(true);
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setNumberFormat("computer");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setAPIBuiltinEnabled(false);
    c.setNewBuiltinClassResolver(freemarker.core.TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    return c;
  }

  /** A text asset of the report, refused if it contains {@code forbidden} (which would end its element). */
  static String asset(String name, String forbidden) {
    String path = TEMPLATE_ROOT + "/" + name;
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("report asset missing from the classpath: " + path);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (text.toLowerCase(Locale.ROOT).contains(forbidden)) {
        throw new IllegalStateException("report asset " + path + " contains " + forbidden + " and cannot be inlined");
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report asset " + path, e);
    }
  }
}
