package io.hostkeeper.worker.backup.archive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What restore does with each archive member, and so what verify reports: the one decision both
 * share. Anyone with the public key can make an archive, so members are hostile: absolute names
 * and {@code ..} make the archive unsafe, so does any member at or below a path that the archive
 * itself makes a symlink; devices and FIFOs are not restored; symlinks are created last and only
 * when they resolve inside the target against the tree as it will be (see {@link LinkResolver}).
 * Absolute symlinks only with {@code allowAbsoluteLinks}. Pure: the disk is asked through a function.
 */
public final class MemberPolicy {
  /** The member types a tar can hold. */
  public enum Kind { FILE, DIR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, OTHER }

  public enum Outcome { ACCEPT, SKIP, UNSAFE }

  /**
   * @param name the member's canonical relative name (no "./", no trailing "/"), null when unsafe
   * @param selected false when a partial restore leaves this member out (it is still checked)
   */
  public record Verdict(Outcome outcome, String name, boolean selected, String message) {
    static Verdict unsafe(String message) {
      return new Verdict(Outcome.UNSAFE, null, false, message);
    }
  }

  /** A symlink at the end of the archive: created, or not and why. */
  public record LinkDecision(String name, String target, boolean create, String problem) {}

  private final boolean allowAbsoluteLinks;
  private final List<String> only;
  private final Set<String> matchedOnly = new HashSet<>();
  private final Map<String, String> allLinks = new LinkedHashMap<>();
  private final Map<String, String> linksToCreate = new LinkedHashMap<>();
  private final Set<String> dirs = new HashSet<>();
  private final Set<String> files = new HashSet<>();

  /** @param only the paths of a partial restore (relative, or absolute as on the source host); empty for all */
  public MemberPolicy(boolean allowAbsoluteLinks, List<String> only) {
    this.allowAbsoluteLinks = allowAbsoluteLinks;
    List<String> o = new ArrayList<>();
    for (String p : only) {
      String c = canonical(p.replace('\\', '/'));
      if (c.isEmpty() || LinkResolver.split(c).contains("..")) throw new IllegalArgumentException("not a path inside an archive: " + p);
      o.add(c);
    }
    this.only = List.copyOf(o);
  }

  public Verdict admit(String rawName, Kind kind, String linkName) {
    if (rawName.startsWith("/") || rawName.matches("^[A-Za-z]:.*")) {
      return Verdict.unsafe("archive entry " + rawName + " has an absolute path");
    }
    List<String> parts = new ArrayList<>();
    for (String part : rawName.split("/")) {
      if (part.equals("..")) return Verdict.unsafe("archive entry " + rawName + " contains '..'");
      if (!part.isEmpty() && !part.equals(".")) parts.add(part);
    }
    String name = String.join("/", parts);
    if (name.isEmpty()) return new Verdict(Outcome.SKIP, "", false, null); // "./": the target itself
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.size() - 1; i++) {
      if (i > 0) prefix.append('/');
      prefix.append(parts.get(i));
      if (allLinks.containsKey(prefix.toString())) {
        return Verdict.unsafe("archive entry " + rawName + " lies below " + prefix + ", a symlink earlier in the archive"
            + " (it would be written through the link)");
      }
      dirs.add(prefix.toString());
    }
    if (kind != Kind.SYMLINK && allLinks.containsKey(name)) {
      return Verdict.unsafe("archive entry " + rawName + " is at the path of the symlink " + name + " earlier in the archive");
    }
    boolean selected = selected(name);
    switch (kind) {
      case DIR -> dirs.add(name);
      case FILE -> files.add(name);
      case SYMLINK -> {
        String target = linkName == null ? "" : linkName;
        allLinks.put(name, target);
        linksToCreate.remove(name);
        if (LinkResolver.isAbsolute(target) && !allowAbsoluteLinks) {
          return new Verdict(Outcome.SKIP, name, selected, "symlink " + name + " -> " + target
              + " is absolute; not created (restore with --allow-absolute-links to create it)");
        }
        if (selected) linksToCreate.put(name, target);
      }
      case HARDLINK -> {
        String target = canonical(linkName == null ? "" : linkName);
        if (!files.contains(target) || LinkResolver.isAbsolute(linkName) || LinkResolver.split(target).contains("..")) {
          return new Verdict(Outcome.SKIP, name, selected, "hard link " + name + " -> " + linkName
              + " does not name a file earlier in the archive; not created");
        }
        if (selected && !selected(target)) {
          return new Verdict(Outcome.SKIP, name, selected, "hard link " + name + " -> " + target
              + ": its file is not part of this partial restore; not created");
        }
      }
      default -> {
        return new Verdict(Outcome.SKIP, name, selected, name + " is a " + describe(kind) + "; not restored"
            + " (restore creates files, directories and links only)");
      }
    }
    return new Verdict(Outcome.ACCEPT, name, selected, null);
  }

  /** The canonical hard-link target for a member name as the archive gave it. */
  public static String canonical(String path) {
    return String.join("/", LinkResolver.split(path).stream().filter(s -> !s.equals(".")).toList());
  }

  public boolean selected(String name) {
    if (only.isEmpty()) return true;
    for (String p : only) {
      if (name.equals(p) || name.startsWith(p + "/")) {
        matchedOnly.add(p);
        return true;
      }
    }
    return false;
  }

  /** Paths of a partial restore that matched no member. */
  public List<String> unmatchedSelection() {
    return only.stream().filter(p -> !matchedOnly.contains(p)).toList();
  }

  /**
   * Decides every symlink to create, once the whole archive has been read: a link is created only
   * when it resolves inside the target against the final tree (the other links that will be
   * created, and what {@code diskLinkAt} finds on disk), repeated until no decision changes
   * (dropping one link can send another one outside).
   */
  public List<LinkDecision> finishLinks(Function<String, String> diskLinkAt) {
    Map<String, String> accepted = new LinkedHashMap<>(linksToCreate);
    Map<String, String> problems = new LinkedHashMap<>();
    for (String name : linksToCreate.keySet()) {
      String why = dirs.contains(name) ? "a directory of that name holds other entries"
          : files.contains(name) ? "a file of that name is in the archive" : null;
      if (why != null) {
        accepted.remove(name);
        problems.put(name, "symlink " + name + " -> " + linksToCreate.get(name) + ": " + why + "; not created");
      }
    }
    Function<String, String> model = p -> accepted.containsKey(p) ? accepted.get(p) : diskLinkAt.apply(p);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String name : new ArrayList<>(accepted.keySet())) {
        String target = accepted.get(name);
        if (LinkResolver.isAbsolute(target)) continue; // allowed explicitly
        LinkResolver.Resolution r = LinkResolver.resolve(name, target, model);
        if (!r.inside()) {
          accepted.remove(name);
          problems.put(name, "symlink " + name + " -> " + target + " " + r.why() + "; not created");
          changed = true;
        }
      }
    }
    List<LinkDecision> out = new ArrayList<>();
    for (var e : linksToCreate.entrySet()) {
      String p = problems.get(e.getKey());
      out.add(new LinkDecision(e.getKey(), e.getValue(), p == null, p));
    }
    return out;
  }

  /** Every directory an accepted member needs (its ancestors and directory members). */
  public Set<String> directories() {
    return new LinkedHashSet<>(dirs);
  }

  private static String describe(Kind k) {
    return switch (k) {
      case CHAR_DEVICE -> "character device";
      case BLOCK_DEVICE -> "block device";
      case FIFO -> "FIFO";
      default -> "member of an unsupported type";
    };
  }
}
