package io.affectanalyzer.train.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown summary of an {@code eval} report: per data set, one row per model (and the peer)
 * with expression accuracy and macro F1, AU mean F1 and VA CCC, then per-class and per-AU F1. Reads
 * the same JSON-ready maps the report is written from, so the two never disagree.
 */
public final class EvalMarkdown {
  private EvalMarkdown() {}

  public static String of(List<Map<String, Object>> results) {
    Map<String, List<Map<String, Object>>> byData = new LinkedHashMap<>();
    for (Map<String, Object> r : results) {
      String view = (String) r.get("view");
      String key = r.get("data") + (view != null ? ", " + view : "");
      byData.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    StringBuilder md = new StringBuilder();
    for (var e : byData.entrySet()) {
      List<Map<String, Object>> rows = e.getValue();
      md.append("## ").append(e.getKey()).append(" (").append(rows.get(0).get("samples"));
      Object noFace = get(rows.get(0), "expr", "no_face");
      if (noFace instanceof Number n && n.longValue() > 0) {
        md.append(" faces, ").append(n).append(" not found: counted wrong)\n\n");
      } else {
        md.append(" faces)\n\n");
      }
      md.append(
          "| model | expr accuracy | expr macro F1 | AU mean F1 | CCC valence | CCC arousal |\n");
      md.append("|---|---|---|---|---|---|\n");
      for (Map<String, Object> r : rows) {
        md.append("| ").append(r.get("model"));
        md.append("peer".equals(r.get("role")) ? " (peer)" : "");
        md.append(" | ").append(pct(get(r, "expr", "accuracy")));
        md.append(" | ").append(pct(get(r, "expr", "macro_f1_present")));
        md.append(" | ").append(pct(get(r, "au", "mean_f1")));
        md.append(" | ").append(num(get(r, "va", "ccc_valence")));
        md.append(" | ").append(num(get(r, "va", "ccc_arousal")));
        md.append(" |\n");
      }
      md.append('\n');
      table(md, rows, "expr", "per-class F1");
      table(md, rows, "au", "per-AU F1");
    }
    return md.toString();
  }

  private static void table(
      StringBuilder md, List<Map<String, Object>> rows, String task, String title) {
    List<String> columns = null;
    for (Map<String, Object> r : rows) {
      Map<String, Object> f1 = f1(r, task);
      if (f1 != null) {
        columns = new ArrayList<>(f1.keySet());
        break;
      }
    }
    if (columns == null) {
      return;
    }
    md.append(title)
        .append(":\n\n| model | ")
        .append(String.join(" | ", columns))
        .append(" |\n|---");
    md.append("|---".repeat(columns.size())).append("|\n");
    for (Map<String, Object> r : rows) {
      Map<String, Object> f1 = f1(r, task);
      if (f1 == null) {
        continue;
      }
      md.append("| ").append(r.get("model"));
      for (String c : columns) {
        md.append(" | ").append(pct(f1.get(c)));
      }
      md.append(" |\n");
    }
    md.append('\n');
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> f1(Map<String, Object> r, String task) {
    Object t = r.get(task);
    return t instanceof Map<?, ?> m ? (Map<String, Object>) m.get("f1") : null;
  }

  private static Object get(Map<String, Object> r, String task, String key) {
    Object t = r.get(task);
    return t instanceof Map<?, ?> m ? m.get(key) : null;
  }

  private static String pct(Object v) {
    return v instanceof Number n
        ? String.format(Locale.ROOT, "%.1f%%", 100 * n.doubleValue())
        : "-";
  }

  private static String num(Object v) {
    return v instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "-";
  }
}
