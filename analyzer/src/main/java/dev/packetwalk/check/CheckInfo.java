package dev.packetwalk.check;

/**
 * What a check is, independent of any bundle: shown by {@code packetwalk checks} and in the report.
 *
 * @param id stable kebab-case id, also the name of its doc {@code checks/<id>.md}
 * @param severity the severity of its findings unless a finding says otherwise
 * @param summary one sentence: what the check looks for
 */
public record CheckInfo(String id, String title, Severity severity, Layer layer, String summary) {}
