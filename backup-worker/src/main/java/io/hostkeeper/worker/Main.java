package io.hostkeeper.worker;

/** Entry point of hostkeeper-worker.jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("hostkeeper-worker: not wired yet");
  }
}
