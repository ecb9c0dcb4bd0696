#!/usr/bin/env python3
"""CPU of one backup by stage, from `perf script -F comm,tid,ip,sym,dso` output on stdin.

Every sample is one slice of CPU time on one thread; its stack (JIT frames named through the
JVM's perf map, -XX:+DumpPerfMapAtExit) decides the stage. Rules are checked in order, so a
SHA-256 inside the tar writer counts as per-member hashing, not as "tar".
Prints a Markdown table: stage, samples, share of the process's CPU.
"""
import collections
import sys


def stage(comm, frames, phase="archive"):
    """frames: leaf first, each 'symbol (dso)'; phase: before, archive or after the tar thread ran."""
    s = "\n".join(frames)
    tar_thread = comm.startswith("backup-")
    if comm.startswith(("C1 CompilerThre", "C2 CompilerThre")):
        return "JIT compilers (C1, C2)"
    if comm.startswith(("GC Thread", "G1 ", "VM Thread", "VM Periodic")):
        return "GC and VM threads"
    if "libzstd" in s:
        return "zstd compression"
    if "SQLiteJDBCLoader" in s:
        return "start-up: JVM, class loading, config, keys, state DB"
    if "ArchiveWriter.hashFile" in s:
        return "re-read check (SHA-256 of the written file)"
    if "SqliteSnapshot" in s or "libsqlitejdbc" in s:
        return "SQLite snapshot"
    if "BackupCatalogue" in s:
        return "catalogue"
    if "force0" in s or "FileChannelImpl.force" in s:
        return "fsync"
    digest = next((i for i, f in enumerate(frames) if "MessageDigest.update" in f or "DigestBase.engineUpdate" in f
                   or "sun.security.provider.SHA" in f), None)
    if digest is not None:
        callers = frames[digest:]
        for i, f in enumerate(callers):
            if "DigestUpdatingOutputStream" in f or "org.bouncycastle" in f:
                return "OpenPGP MDC (SHA-1 of the compressed tar)"
            if "Sha256$In" in f:
                return "re-read check (SHA-256 of the written file)"
            if "TarWriter.file" in f:
                return "per-member SHA-256"
            if "Sha256$Out.write" in f:
                nxt = callers[i + 1] if i + 1 < len(callers) else ""
                if "NonClosing" in nxt or "org.bouncycastle" in nxt or "pgp" in nxt:
                    return "ciphertext SHA-256"
                return "plaintext SHA-256 (of the compressed tar)"
        if tar_thread:
            return "per-member SHA-256"
        if phase == "after":
            # the tar thread has ended: the main thread's only hashing left is the re-read
            return "re-read check (SHA-256 of the written file)"
        return "other hashing"
    if any(k in s for k in ("com.sun.crypto.provider", "javax.crypto", "AESCrypt")):
        return "OpenPGP AES-256 (CFB)"
    if "ArchiveWriter.writeTemp" in s and any(k in s for k in ("write0", "IOUtil.write", "FileChannelImpl.write")):
        return "file write"
    if "ChunkPipe" in s:
        return "pipe between the threads (copies)"
    if "org.apache.commons.compress" in s or "TarWriter" in s or "ArchiveContent" in s:
        return "walk + tar (reads, headers, copies)"
    if "org.bouncycastle" in s:
        return "OpenPGP packets and key agreement"
    if "ArchiveWriter" in s:
        return "other archive pipeline"
    if tar_thread:
        return "walk + tar (reads, headers, copies)"
    if phase == "before":
        return "start-up: JVM, class loading, config, keys, state DB"
    if phase == "after":
        return "after the archive: catalogue, retention, exit"
    return "main thread, other (interpreter, class loading while the archive runs)"


def samples(lines):
    """(comm, time, frames) per sample of `perf script -F comm,tid,time,ip,sym,dso`."""
    comm, t, frames = None, 0.0, []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if not line.startswith("\t"):
            if comm is not None:
                yield comm, t, frames
            head = line.strip().rstrip(":").split()
            # "<comm words> <tid> <time>:"
            t, comm, frames = float(head[-1].rstrip(":")), " ".join(head[:-2]), []
        else:
            f = line.strip().split(None, 1)
            frames.append(f[1] if len(f) == 2 else f[0])
    if comm is not None:
        yield comm, t, frames


def main():
    all_samples = list(samples(sys.stdin))
    tar_times = [t for comm, t, _ in all_samples if comm.startswith("backup-")]
    first, last = (min(tar_times), max(tar_times)) if tar_times else (float("inf"), float("inf"))
    counts = collections.Counter()
    for comm, t, frames in all_samples:
        phase = "before" if t < first else "after" if t > last else "archive"
        counts[stage(comm, frames, phase)] += 1
    total = sum(counts.values())
    print("| stage | samples | share of the process's CPU |")
    print("|---|---|---|")
    for name, n in counts.most_common():
        print(f"| {name} | {n} | {100.0 * n / total:.1f} % |")
    print(f"| total | {total} | 100 % |")


if __name__ == "__main__":
    main()
