package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TCP, UDP, IP and ICMP protocol counters from {@code /proc/net/snmp} and {@code /proc/net/netstat}
 * (IPv4; connection opens, retransmits, listen queue overflows and drops, SYN cookies, UDP errors).
 * The fields are those node_exporter reports by default. A field the kernel lacks is absent.
 */
public final class NetstatCollector implements Collector {
  private final HostRoots roots;

  public NetstatCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "netstat";
  }

  /** One exported figure: where it comes from (the {@code Proto_Field} key), its metric name and help. */
  public record Field(String source, String name, String help) {}

  /** The exported fields; counters are named without {@code _total}, and Tcp_CurrEstab is the one gauge. */
  public static final List<Field> FIELDS = List.of(
      new Field("Tcp_ActiveOpens", "hostkeeper_tcp_active_opens", "TCP connections this host opened (SYN-SENT)."),
      new Field("Tcp_PassiveOpens", "hostkeeper_tcp_passive_opens", "TCP connections this host accepted (SYN-RECV)."),
      new Field("Tcp_AttemptFails", "hostkeeper_tcp_attempt_fails", "TCP connection attempts that failed."),
      new Field("Tcp_EstabResets", "hostkeeper_tcp_established_resets", "Established TCP connections reset."),
      new Field("Tcp_CurrEstab", "hostkeeper_tcp_established", "TCP connections now in state ESTABLISHED or CLOSE-WAIT."),
      new Field("Tcp_InSegs", "hostkeeper_tcp_segments_received", "TCP segments received."),
      new Field("Tcp_OutSegs", "hostkeeper_tcp_segments_sent", "TCP segments sent, retransmissions excluded."),
      new Field("Tcp_RetransSegs", "hostkeeper_tcp_segments_retransmitted", "TCP segments retransmitted."),
      new Field("Tcp_InErrs", "hostkeeper_tcp_receive_errors", "TCP segments received in error (bad checksum and the like)."),
      new Field("Tcp_OutRsts", "hostkeeper_tcp_resets_sent", "TCP segments sent with the RST flag."),
      new Field("TcpExt_ListenOverflows", "hostkeeper_tcp_listen_overflows", "Connections dropped because a listen queue was full."),
      new Field("TcpExt_ListenDrops", "hostkeeper_tcp_listen_drops", "Connection requests a listening socket dropped, overflows included."),
      new Field("TcpExt_SyncookiesSent", "hostkeeper_tcp_syncookies_sent", "SYN cookies sent (the SYN queue was full)."),
      new Field("TcpExt_SyncookiesRecv", "hostkeeper_tcp_syncookies_received", "SYN cookies received back."),
      new Field("TcpExt_SyncookiesFailed", "hostkeeper_tcp_syncookies_failed", "SYN cookies received that did not verify."),
      new Field("TcpExt_TCPSynRetrans", "hostkeeper_tcp_syn_retransmits", "SYN and SYN-ACK retransmissions."),
      new Field("TcpExt_TCPTimeouts", "hostkeeper_tcp_timeouts", "TCP retransmission timeouts."),
      new Field("Udp_InDatagrams", "hostkeeper_udp_datagrams_received", "UDP datagrams delivered to sockets."),
      new Field("Udp_OutDatagrams", "hostkeeper_udp_datagrams_sent", "UDP datagrams sent."),
      new Field("Udp_NoPorts", "hostkeeper_udp_no_port_datagrams", "UDP datagrams received for a port nobody listens on."),
      new Field("Udp_InErrors", "hostkeeper_udp_receive_errors", "UDP datagrams that could not be delivered, buffer errors included."),
      new Field("Udp_RcvbufErrors", "hostkeeper_udp_receive_buffer_errors", "UDP datagrams dropped because a socket's receive buffer was full."),
      new Field("Udp_SndbufErrors", "hostkeeper_udp_send_buffer_errors", "UDP datagrams not sent because a send buffer was full."),
      new Field("IpExt_InOctets", "hostkeeper_ip_received_bytes", "IPv4 bytes received."),
      new Field("IpExt_OutOctets", "hostkeeper_ip_sent_bytes", "IPv4 bytes sent."),
      new Field("Icmp_InMsgs", "hostkeeper_icmp_messages_received", "ICMP messages received."),
      new Field("Icmp_OutMsgs", "hostkeeper_icmp_messages_sent", "ICMP messages sent."),
      new Field("Icmp_InErrors", "hostkeeper_icmp_receive_errors", "ICMP messages received in error.")
  );


  /**
   * {@code Proto_Field} to value from a file of header/value line pairs ({@code Tcp: ActiveOpens ...}
   * then {@code Tcp: 3556 ...}), as /proc/net/snmp and /proc/net/netstat are. Non-numbers are skipped.
   */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> out = new HashMap<>();
    String[] lines = Fields.lines(text);
    for (int i = 0; i + 1 < lines.length; i += 2) {
      String[] names = Fields.split(lines[i]);
      String[] values = Fields.split(lines[i + 1]);
      if (names.length == 0 || values.length != names.length || !names[0].equals(values[0]) || !names[0].endsWith(":")) {
        i--; // out of step (an unexpected line): resynchronise on the next one
        continue;
      }
      String proto = names[0].substring(0, names[0].length() - 1);
      for (int k = 1; k < names.length; k++) {
        try {
          out.put(proto + "_" + names[k], Double.parseDouble(values[k]));
        } catch (NumberFormatException e) {
          // absent
        }
      }
    }
    return out;
  }

  public static List<MetricSnapshot> snapshots(Map<String, Double> v) {
    List<MetricSnapshot> out = new ArrayList<>(FIELDS.size());
    for (Field f : FIELDS) {
      Double value = v.get(f.source());
      if (value == null) continue;
      if (f.source().equals("Tcp_CurrEstab")) new Families.Gauge(f.name(), f.help()).add(value).addTo(out);
      else new Families.Counter(f.name(), f.help()).add(value).addTo(out);
    }
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    Map<String, Double> v = parse(ProcFiles.read(roots.proc("net/snmp")));
    Optional<String> netstat = ProcFiles.readOptional(roots.proc("net/netstat"));
    netstat.ifPresent(text -> v.putAll(parse(text)));
    return snapshots(v);
  }
}
