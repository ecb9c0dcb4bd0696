package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.archive.MemberPolicy.Kind;
import io.hostkeeper.worker.backup.archive.MemberPolicy.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one decision restore and verify share, on sequences of members. */
class MemberPolicyTest {
  MemberPolicy policy = new MemberPolicy(false, List.of());

  Outcome admit(String name, Kind kind, String link) {
    return policy.admit(name, kind, link).outcome();
  }

  @Test
  void namesThatLeaveTheTargetAreUnsafe() {
    assertEquals(Outcome.UNSAFE, admit("/etc/passwd", Kind.FILE, null));
    assertEquals(Outcome.UNSAFE, admit("a/../../b", Kind.FILE, null));
    assertEquals(Outcome.ACCEPT, admit("./a/./b", Kind.FILE, null));
    assertEquals("a/b", policy.admit("./a/b/", Kind.DIR, null).name());
  }

  @Test
  void anythingAtOrBelowALinkOfTheArchiveIsUnsafe() {
    assertEquals(Outcome.ACCEPT, admit("l", Kind.SYMLINK, "sub"));
    assertEquals(Outcome.UNSAFE, admit("l/f", Kind.FILE, null));
    assertEquals(Outcome.UNSAFE, admit("l/", Kind.DIR, null));
    assertEquals(Outcome.UNSAFE, admit("l", Kind.FILE, null));
    assertEquals(Outcome.ACCEPT, admit("l", Kind.SYMLINK, "other"), "a link may replace a link");
  }

  @Test
  void absoluteLinksOnlyWhenAllowed() {
    assertEquals(Outcome.SKIP, admit("a", Kind.SYMLINK, "/etc/hostname"));
    assertTrue(policy.finishLinks(p -> null).isEmpty());
    MemberPolicy allow = new MemberPolicy(true, List.of());
    assertEquals(Outcome.ACCEPT, allow.admit("a", Kind.SYMLINK, "/etc/hostname").outcome());
    assertTrue(allow.finishLinks(p -> null).get(0).create());
    assertEquals(Outcome.UNSAFE, allow.admit("a/x", Kind.FILE, null).outcome());
  }

  @Test
  void linksAreDecidedAgainstTheFinalTreeUntilNothingChanges() {
    admit("a", Kind.SYMLINK, "p/../x"); // inside while p is a plain name
    admit("p", Kind.SYMLINK, "q/..");    // inside while q is a plain name
    admit("q", Kind.SYMLINK, ".");       // then p is "..", and a goes outside through it
    var d = policy.finishLinks(x -> null);
    assertFalse(d.get(0).create(), d.toString());
    assertFalse(d.get(1).create(), d.toString());
    assertTrue(d.get(2).create(), d.toString());
  }

  @Test
  void aLinkWhereTheArchiveHasADirectoryIsNotCreated() {
    admit("x/file", Kind.FILE, null);
    admit("x", Kind.SYMLINK, "elsewhere");
    assertFalse(policy.finishLinks(p -> null).get(0).create());
  }

  @Test
  void devicesFifosAndStrayHardLinksAreSkipped() {
    assertEquals(Outcome.SKIP, admit("tty", Kind.CHAR_DEVICE, null));
    assertEquals(Outcome.SKIP, admit("p", Kind.FIFO, null));
    assertEquals(Outcome.SKIP, admit("h", Kind.HARDLINK, "/etc/shadow"));
    assertEquals(Outcome.SKIP, admit("h", Kind.HARDLINK, "later"));
    admit("f", Kind.FILE, null);
    assertEquals(Outcome.ACCEPT, admit("h", Kind.HARDLINK, "./f"));
  }

  @Test
  void partialRestoreSelectsByPathPrefix() {
    MemberPolicy only = new MemberPolicy(false, List.of("/opt/app", "etc/hosts"));
    assertTrue(only.admit("opt/app/x", Kind.FILE, null).selected());
    assertFalse(only.admit("opt/apple", Kind.FILE, null).selected());
    assertFalse(only.admit("etc/hosts.allow", Kind.FILE, null).selected());
    assertEquals(List.of("etc/hosts"), only.unmatchedSelection());
  }
}
