package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory and swap from {@code /proc/meminfo}, in bytes: every field listed in {@link #FIELDS}.
 * Fields the kernel does not report are absent.
 */
public final class MeminfoCollector implements Collector {
  private final HostRoots roots;

  public MeminfoCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "meminfo";
  }

  /** Field name to value in bytes ({@code kB} values are multiplied by 1024; unit-less ones kept as is). */
  public static Map<String, Double> parse(String meminfo) {
    Map<String, Double> out = new HashMap<>();
    for (String line : meminfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) continue;
      String[] f = Fields.split(line.substring(colon + 1));
      if (f.length == 0 || f[0].isEmpty()) continue;
      double v;
      try {
        v = Double.parseDouble(f[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (f.length > 1 && f[1].equalsIgnoreCase("kB")) v *= 1024;
      out.put(line.substring(0, colon), v);
    }
    return out;
  }

  /** One exported figure: where it comes from (the /proc/meminfo field), its metric name and help. */
  public record Field(String source, String name, String help) {}

  /**
   * Every exported /proc/meminfo field. The first six are the catalogue's long-standing names; the
   * rest follow them (kB fields in bytes; the huge page counts are pages). A field the running
   * kernel does not report is absent; a field not listed here is not exported.
   */
  public static final List<Field> FIELDS = List.of(
      new Field("MemTotal", "hostkeeper_memory_total_bytes", "Total usable memory in bytes."),
      new Field("MemAvailable", "hostkeeper_memory_available_bytes", "Memory available for new work without swapping, in bytes (MemAvailable)."),
      new Field("MemFree", "hostkeeper_memory_free_bytes", "Unused memory in bytes (MemFree)."),
      new Field("Buffers", "hostkeeper_memory_buffers_bytes", "Memory in block device buffers, in bytes."),
      new Field("Cached", "hostkeeper_memory_cached_bytes", "Memory in the page cache, in bytes."),
      new Field("SwapTotal", "hostkeeper_swap_total_bytes", "Total swap space in bytes."),
      new Field("SwapFree", "hostkeeper_swap_free_bytes", "Unused swap space in bytes (SwapFree)."),
      new Field("SwapCached", "hostkeeper_swap_cached_bytes", "Memory swapped out and back in that is still in the swap file, in bytes (SwapCached)."),
      new Field("Zswap", "hostkeeper_swap_zswap_bytes", "Memory used by the zswap compressed cache, in bytes (Zswap)."),
      new Field("Zswapped", "hostkeeper_swap_zswapped_bytes", "Anonymous memory held in zswap, uncompressed, in bytes (Zswapped)."),
      new Field("Active", "hostkeeper_memory_active_bytes", "Memory used recently and not usually reclaimed, in bytes (Active)."),
      new Field("Inactive", "hostkeeper_memory_inactive_bytes", "Memory used less recently, first to be reclaimed, in bytes (Inactive)."),
      new Field("Active(anon)", "hostkeeper_memory_active_anon_bytes", "Active anonymous and shared memory, in bytes (Active(anon))."),
      new Field("Inactive(anon)", "hostkeeper_memory_inactive_anon_bytes", "Inactive anonymous and shared memory, in bytes (Inactive(anon))."),
      new Field("Active(file)", "hostkeeper_memory_active_file_bytes", "Active page cache, in bytes (Active(file))."),
      new Field("Inactive(file)", "hostkeeper_memory_inactive_file_bytes", "Inactive page cache, in bytes (Inactive(file))."),
      new Field("Unevictable", "hostkeeper_memory_unevictable_bytes", "Memory that cannot be reclaimed, in bytes (Unevictable)."),
      new Field("Mlocked", "hostkeeper_memory_mlocked_bytes", "Memory locked with mlock(), in bytes (Mlocked)."),
      new Field("Dirty", "hostkeeper_memory_dirty_bytes", "Memory waiting to be written back to disk, in bytes (Dirty)."),
      new Field("Writeback", "hostkeeper_memory_writeback_bytes", "Memory being written back to disk, in bytes (Writeback)."),
      new Field("WritebackTmp", "hostkeeper_memory_writeback_tmp_bytes", "Memory used by FUSE for temporary writeback buffers, in bytes (WritebackTmp)."),
      new Field("AnonPages", "hostkeeper_memory_anon_bytes", "Anonymous memory mapped into user page tables, in bytes (AnonPages)."),
      new Field("Mapped", "hostkeeper_memory_mapped_bytes", "Files mapped into memory, such as libraries, in bytes (Mapped)."),
      new Field("Shmem", "hostkeeper_memory_shmem_bytes", "Shared memory and tmpfs, in bytes (Shmem)."),
      new Field("KReclaimable", "hostkeeper_memory_kernel_reclaimable_bytes", "Kernel memory the kernel reclaims under pressure, in bytes (KReclaimable)."),
      new Field("Slab", "hostkeeper_memory_slab_bytes", "Kernel data structure caches, in bytes (Slab)."),
      new Field("SReclaimable", "hostkeeper_memory_slab_reclaimable_bytes", "Reclaimable part of the slab, such as caches, in bytes (SReclaimable)."),
      new Field("SUnreclaim", "hostkeeper_memory_slab_unreclaimable_bytes", "Slab that cannot be reclaimed under pressure, in bytes (SUnreclaim)."),
      new Field("KernelStack", "hostkeeper_memory_kernel_stack_bytes", "Kernel stacks of all tasks, in bytes (KernelStack)."),
      new Field("ShadowCallStack", "hostkeeper_memory_shadow_call_stack_bytes", "Shadow call stacks, in bytes (ShadowCallStack)."),
      new Field("PageTables", "hostkeeper_memory_page_tables_bytes", "Memory in the lowest level of page tables, in bytes (PageTables)."),
      new Field("SecPageTables", "hostkeeper_memory_secondary_page_tables_bytes", "Secondary page tables (KVM and IOMMU), in bytes (SecPageTables)."),
      new Field("NFS_Unstable", "hostkeeper_memory_nfs_unstable_bytes", "NFS pages sent to the server but not yet committed, in bytes (NFS_Unstable)."),
      new Field("Bounce", "hostkeeper_memory_bounce_bytes", "Memory used for block device bounce buffers, in bytes (Bounce)."),
      new Field("CommitLimit", "hostkeeper_memory_commit_limit_bytes", "Memory that can be allocated under strict overcommit, in bytes (CommitLimit)."),
      new Field("Committed_AS", "hostkeeper_memory_committed_bytes", "Memory allocated by all processes, even if not yet used, in bytes (Committed_AS)."),
      new Field("VmallocTotal", "hostkeeper_memory_vmalloc_total_bytes", "Size of the vmalloc address space, in bytes (VmallocTotal)."),
      new Field("VmallocUsed", "hostkeeper_memory_vmalloc_used_bytes", "vmalloc space in use, in bytes (VmallocUsed)."),
      new Field("VmallocChunk", "hostkeeper_memory_vmalloc_chunk_bytes", "Largest free block of vmalloc space, in bytes (VmallocChunk)."),
      new Field("Percpu", "hostkeeper_memory_percpu_bytes", "Memory used by per-CPU allocations, in bytes (Percpu)."),
      new Field("HardwareCorrupted", "hostkeeper_memory_hardware_corrupted_bytes", "Memory the kernel found corrupted and set aside, in bytes (HardwareCorrupted)."),
      new Field("AnonHugePages", "hostkeeper_memory_anon_huge_pages_bytes", "Anonymous transparent huge pages, in bytes (AnonHugePages)."),
      new Field("ShmemHugePages", "hostkeeper_memory_shmem_huge_pages_bytes", "Shared memory and tmpfs in huge pages, in bytes (ShmemHugePages)."),
      new Field("ShmemPmdMapped", "hostkeeper_memory_shmem_pmd_mapped_bytes", "Shared memory mapped into user space with huge pages, in bytes (ShmemPmdMapped)."),
      new Field("FileHugePages", "hostkeeper_memory_file_huge_pages_bytes", "Page cache in huge pages, in bytes (FileHugePages)."),
      new Field("FilePmdMapped", "hostkeeper_memory_file_pmd_mapped_bytes", "Page cache mapped into user space with huge pages, in bytes (FilePmdMapped)."),
      new Field("CmaTotal", "hostkeeper_memory_cma_total_bytes", "Memory reserved for the contiguous memory allocator, in bytes (CmaTotal)."),
      new Field("CmaFree", "hostkeeper_memory_cma_free_bytes", "Free contiguous memory allocator memory, in bytes (CmaFree)."),
      new Field("Unaccepted", "hostkeeper_memory_unaccepted_bytes", "Memory not yet accepted by the guest, in bytes (Unaccepted)."),
      new Field("HugePages_Total", "hostkeeper_memory_huge_pages", "Size of the huge page pool, in pages (HugePages_Total)."),
      new Field("HugePages_Free", "hostkeeper_memory_huge_pages_free", "Huge pages in the pool not yet allocated, in pages (HugePages_Free)."),
      new Field("HugePages_Rsvd", "hostkeeper_memory_huge_pages_reserved", "Huge pages promised but not yet faulted in, in pages (HugePages_Rsvd)."),
      new Field("HugePages_Surp", "hostkeeper_memory_huge_pages_surplus", "Huge pages above the pool's configured size, in pages (HugePages_Surp)."),
      new Field("Hugepagesize", "hostkeeper_memory_huge_page_size_bytes", "Default huge page size, in bytes (Hugepagesize)."),
      new Field("Hugetlb", "hostkeeper_memory_hugetlb_bytes", "Memory used by huge pages of all sizes, in bytes (Hugetlb)."),
      new Field("DirectMap4k", "hostkeeper_memory_direct_map_4k_bytes", "Memory the kernel maps with 4 kB pages, in bytes (DirectMap4k)."),
      new Field("DirectMap2M", "hostkeeper_memory_direct_map_2m_bytes", "Memory the kernel maps with 2 MB pages, in bytes (DirectMap2M)."),
      new Field("DirectMap4M", "hostkeeper_memory_direct_map_4m_bytes", "Memory the kernel maps with 4 MB pages, in bytes (DirectMap4M)."),
      new Field("DirectMap1G", "hostkeeper_memory_direct_map_1g_bytes", "Memory the kernel maps with 1 GB pages, in bytes (DirectMap1G).")
  );


  public static List<MetricSnapshot> snapshots(Map<String, Double> m) {
    List<MetricSnapshot> out = new ArrayList<>(FIELDS.size() + 1);
    for (Field f : FIELDS) {
      Double v = m.get(f.source());
      if (v != null) out.add(Families.gauge(f.name(), f.help(), v));
      if (f.source().equals("SwapTotal")) {
        Double swapFree = m.get("SwapFree");
        if (v != null && swapFree != null) {
          out.add(Families.gauge("hostkeeper_swap_used_bytes", "Swap space in use, in bytes.", v - swapFree));
        }
      }
    }
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("meminfo"))));
  }
}
