package io.hostkeeper.exporter.http;

import io.hostkeeper.common.BuildInfo;

/** The HTML of {@code /}: what this is, its version, and links to the endpoints. */
public final class LandingPage {
  private LandingPage() {}

  public static String html(BuildInfo build, java.util.List<String> collectors) {
    StringBuilder b = new StringBuilder(1024);
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hostkeeper exporter</title></head>\n<body>\n")
        .append("<h1>hostkeeper exporter</h1>\n<p>Version ").append(escape(build.version()))
        .append(" (revision ").append(escape(build.revision())).append(", Java ").append(escape(build.javaVersion()))
        .append(")</p>\n<ul>\n")
        .append("<li><a href=\"metrics\">/metrics</a> — Prometheus metrics</li>\n")
        .append("<li><a href=\"api/status\">/api/status</a> — host status (JSON)</li>\n")
        .append("<li><a href=\"health\">/health</a> — liveness</li>\n</ul>\n<p>Collectors: ");
    b.append(escape(String.join(", ", collectors)));
    return b.append("</p>\n</body></html>\n").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
