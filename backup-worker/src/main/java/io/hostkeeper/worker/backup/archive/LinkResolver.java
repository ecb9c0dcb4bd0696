package io.hostkeeper.worker.backup.archive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves a symlink's target the way the kernel does, component by component against a model of
 * the tree (which paths are links, and to what), never lexically: {@code d -> .} followed by
 * {@code e -> d/d/../../x} leaves the target although {@code d/d/../../x} normalises to {@code x}.
 * A component that does not exist is taken as a plain directory, so a following {@code ..} goes
 * back up to where the lexical walk would be (the shallower, stricter choice). Pure.
 */
public final class LinkResolver {
  /** The kernel's limit on links followed while resolving one path (ELOOP). */
  public static final int MAX_HOPS = 40;

  /** Where a link leads: inside the target (relative path, "" for the target itself) or not, and why. */
  public record Resolution(boolean inside, String path, String why) {
    static Resolution in(String path) {
      return new Resolution(true, path, null);
    }

    static Resolution out(String why) {
      return new Resolution(false, null, why);
    }
  }

  private LinkResolver() {}

  /**
   * @param link the link's own path, relative to the target ({@code a/b/l})
   * @param target what the link points to
   * @param linkAt the link target stored at a relative path, or null when that path is not a link
   */
  public static Resolution resolve(String link, String target, Function<String, String> linkAt) {
    if (isAbsolute(target)) return Resolution.out("is absolute");
    Deque<String> stack = new ArrayDeque<>(split(parentOf(link)));
    Deque<String> todo = new ArrayDeque<>(split(target));
    int hops = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (stack.isEmpty()) return Resolution.out("resolves outside the target");
        stack.pollLast();
        continue;
      }
      stack.addLast(c);
      String next = linkAt.apply(String.join("/", stack));
      if (next == null) continue;
      if (++hops > MAX_HOPS) return Resolution.out("goes through more than " + MAX_HOPS + " links (a loop)");
      if (isAbsolute(next)) return Resolution.out("resolves outside the target (through the absolute link " + String.join("/", stack) + ")");
      stack.pollLast();
      List<String> parts = split(next);
      for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
    }
    return Resolution.in(String.join("/", stack));
  }

  static boolean isAbsolute(String target) {
    return target.startsWith("/") || target.matches("^[A-Za-z]:[/\\\\].*");
  }

  static String parentOf(String path) {
    String p = trimSlashes(path);
    int i = p.lastIndexOf('/');
    return i < 0 ? "" : p.substring(0, i);
  }

  static String trimSlashes(String path) {
    String p = path;
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    while (p.startsWith("./")) p = p.substring(2);
    return p;
  }

  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
    return out;
  }
}
