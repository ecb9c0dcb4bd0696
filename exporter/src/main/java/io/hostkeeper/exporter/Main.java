package io.hostkeeper.exporter;

/** Entry point of hostkeeper-exporter.jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("hostkeeper-exporter: not wired yet");
  }
}
