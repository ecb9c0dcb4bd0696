package io.hostkeeper.common.config;

import java.util.regex.Pattern;

/** Which mounts the filesystem collector skips (same defaults as node_exporter). */
public record FilesystemsConfig(
    @Default("'^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)'")
        Pattern mountPointsExclude,
    @Default("'^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$'")
        Pattern fsTypesExclude) {}
