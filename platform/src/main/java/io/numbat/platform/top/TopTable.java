package io.numbat.platform.top;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.util.Printable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables and JSON of {@code numbat top}: one node's top processes by a measure, from its latest
 * batch, or a family's process types, from the latest batch of each of its nodes (on how many nodes a
 * type is in the top list, on how many it is first, and its largest process).
 */
public final class TopTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopTable() {}

    /** The processes of {@code b}'s top lists (each once, by pid), largest first by {@code by}. */
    public static List<ProcessQueue> processes(MetricBatch b, TopMeasure by) {
        Map<String, ProcessQueue> byPid = new LinkedHashMap<>();
        for (List<ProcessQueue> list : List.of(by.list(b), b.getTopReductions(), b.getTopMemory(), b.getQueues())) {
            for (ProcessQueue p : list) {
                byPid.putIfAbsent(p.getPid(), p);
            }
        }
        List<ProcessQueue> out = new ArrayList<>(byPid.values());
        out.sort(Comparator.comparingLong(by::of).reversed().thenComparing(ProcessQueue::getPid));
        return out;
    }

    /** The node table: a heading line, then one row per process. */
    public static String node(MetricBatch b, TopMeasure by, int limit) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "node %s (family %s) at %s, by %s%s%n",
                Printable.escape(b.getNode()),
                Printable.escape(b.getFamily()),
                b.getTimestamp(),
                by.label(),
                b.getTopWindowMillis() > 0
                        ? String.format(Locale.ROOT, ", reductions over %.1f s", b.getTopWindowMillis() / 1000.0)
                        : ""));
        List<ProcessQueue> rows = processes(b, by);
        if (rows.isEmpty()) {
            return s.append("no top processes in its latest batch (not a BEAM node, or top processes are off)\n")
                    .toString();
        }
        s.append(String.format(
                Locale.ROOT,
                "%-16s %-36s %-32s %14s %14s %10s%n",
                "PID",
                "NAME / INITIAL CALL",
                "CURRENT FUNCTION",
                "REDUCTIONS",
                "MEMORY",
                "QUEUE"));
        for (ProcessQueue p : rows.subList(0, Math.min(limit, rows.size()))) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-16s %-36s %-32s %,14d %,14d %,10d%n",
                    Printable.escape(p.getPid()),
                    Printable.escape(p.getProcess()),
                    Printable.escape(p.getCurrentFunction()),
                    p.getReductions(),
                    p.getMemory(),
                    p.getLength()));
        }
        return s.toString();
    }

    public static String nodeJson(MetricBatch b, TopMeasure by, int limit) {
        ObjectNode o = JSON.createObjectNode()
                .put("node", b.getNode())
                .put("family", b.getFamily())
                .put("timestamp", b.getTimestamp().toString())
                .put("by", by.label())
                .put("windowMillis", b.getTopWindowMillis());
        ArrayNode rows = o.putArray("processes");
        List<ProcessQueue> ps = processes(b, by);
        for (ProcessQueue p : ps.subList(0, Math.min(limit, ps.size()))) {
            rows.addObject()
                    .put("pid", p.getPid())
                    .put("process", p.getProcess())
                    .put("currentFunction", p.getCurrentFunction())
                    .put("reductions", p.getReductions())
                    .put("memory", p.getMemory())
                    .put("queue", p.getLength());
        }
        return o.toString();
    }

    /** One process type across a family's nodes. */
    public record TypeRow(String process, int nodes, int first, long total, String largestNode, ProcessQueue largest) {}

    /** The family's process types by {@code by}, from each node's latest batch, most total first. */
    public static List<TypeRow> types(List<MetricBatch> latest, TopMeasure by) {
        Map<String, long[]> acc = new LinkedHashMap<>(); // nodes, first, total
        Map<String, ProcessQueue> largest = new LinkedHashMap<>();
        Map<String, String> largestNode = new LinkedHashMap<>();
        for (MetricBatch b : latest) {
            List<ProcessQueue> ps = processes(b, by);
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (int i = 0; i < ps.size(); i++) {
                ProcessQueue p = ps.get(i);
                long[] a = acc.computeIfAbsent(p.getProcess(), k -> new long[3]);
                if (seen.putIfAbsent(p.getProcess(), true) == null) {
                    a[0]++;
                    if (i == 0) {
                        a[1]++;
                    }
                }
                a[2] += by.of(p);
                ProcessQueue l = largest.get(p.getProcess());
                if (l == null || by.of(p) > by.of(l)) {
                    largest.put(p.getProcess(), p);
                    largestNode.put(p.getProcess(), b.getNode());
                }
            }
        }
        List<TypeRow> rows = new ArrayList<>();
        acc.forEach((type, a) ->
                rows.add(new TypeRow(type, (int) a[0], (int) a[1], a[2], largestNode.get(type), largest.get(type))));
        rows.sort(Comparator.comparingLong(TypeRow::total).reversed().thenComparing(TypeRow::process));
        return rows;
    }

    /** The family table: a heading line, then one row per process type. */
    public static String family(String family, List<MetricBatch> latest, TopMeasure by, int limit) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "family %s: %d nodes, by %s (each node's latest batch)%n",
                Printable.escape(family),
                latest.size(),
                by.label()));
        List<TypeRow> rows = types(latest, by);
        if (rows.isEmpty()) {
            return s.append("no top processes from its nodes\n").toString();
        }
        s.append(String.format(
                Locale.ROOT,
                "%-36s %9s %9s %16s  %s%n",
                "NAME / INITIAL CALL",
                "ON NODES",
                "FIRST ON",
                "TOTAL " + by.label().toUpperCase(Locale.ROOT),
                "LARGEST"));
        for (TypeRow r : rows.subList(0, Math.min(limit, rows.size()))) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-36s %9s %9d %,16d  %s on %s (%,d)%n",
                    Printable.escape(r.process()),
                    r.nodes() + "/" + latest.size(),
                    r.first(),
                    r.total(),
                    Printable.escape(r.largest().getPid()),
                    Printable.escape(r.largestNode()),
                    by.of(r.largest())));
        }
        return s.toString();
    }

    public static String familyJson(String family, List<MetricBatch> latest, TopMeasure by, int limit) {
        ObjectNode o = JSON.createObjectNode()
                .put("family", family)
                .put("nodes", latest.size())
                .put("by", by.label());
        ArrayNode types = o.putArray("types");
        List<TypeRow> rows = types(latest, by);
        for (TypeRow r : rows.subList(0, Math.min(limit, rows.size()))) {
            ObjectNode t = types.addObject()
                    .put("process", r.process())
                    .put("nodes", r.nodes())
                    .put("first", r.first())
                    .put("total", r.total());
            t.putObject("largest")
                    .put("node", r.largestNode())
                    .put("pid", r.largest().getPid())
                    .put("currentFunction", r.largest().getCurrentFunction())
                    .put("value", by.of(r.largest()));
        }
        return o.toString();
    }
}
