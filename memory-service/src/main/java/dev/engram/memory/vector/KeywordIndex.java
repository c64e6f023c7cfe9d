package dev.engram.memory.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * An in-memory inverted index of texts keyed by string ids, ranked by BM25, each entry carrying metadata
 * {@code M} that search filters test. Compact: documents are int ordinals, and each term's postings are one
 * growable {@code int[]} of {@code ordinal << 8 | min(tf, 255)} in ordinal order, not an object per posting.
 * Like {@link VectorIndex}, removed ids are tombstoned (skipped by every search and left out of document
 * frequencies; their postings stay in place until the collection is reloaded) and an add of a removed id
 * is ignored, so a delete is never undone by a late add. Thread-safe.
 */
public final class KeywordIndex<M> {
  /** BM25's usual parameters. */
  static final float K1 = 1.2f;
  static final float B = 0.75f;
  private static final int TF_BITS = 8;
  private static final int TF_MAX = (1 << TF_BITS) - 1;
  /** Ordinals must fit in the 24 bits left next to the term frequency. */
  private static final int MAX_DOCS = 1 << (31 - TF_BITS);
  /** PostgreSQL's English stop words, so a query's coverage counts the words that carry meaning. */
  private static final Set<String> STOP_WORDS = Set.of("i", "me", "my", "myself", "we", "our", "ours", "ourselves",
      "you", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers",
      "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who",
      "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have",
      "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because",
      "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
      "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
      "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any",
      "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same",
      "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now");

  /** A hit: the id, its score (BM25; for {@link #searchAllOf} 10,000 per term group matched plus BM25). */
  public record Hit<M>(String id, float score, M meta) {
  }

  /** An entry to add. */
  public record Entry<M>(String id, String text, M meta) {
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> terms = new HashMap<>();
  private final Map<String, Integer> ordinals = new HashMap<>();
  private final Set<String> tombstones = new HashSet<>();
  /** A few reusable search buffers; more concurrent searches than this allocate and drop their own. */
  private final BlockingQueue<Scratch> scratches = new ArrayBlockingQueue<>(4);
  private int[][] postings = new int[64][];
  private int[] postingCounts = new int[64];
  /** Live entries holding each term (the BM25 document frequency; postings also hold removed ones). */
  private int[] frequencies = new int[64];
  /** Each entry's distinct terms, so a removal can lower their document frequencies. */
  private int[][] docTerms = new int[64][];
  private String[] ids = new String[64];
  private Object[] metas = new Object[64];
  private int[] lengths = new int[64];
  private boolean[] alive = new boolean[64];
  private int docs;
  private int live;
  private long liveLength;

  /**
   * The index terms of {@code text}: lowercase runs of letters and digits, PostgreSQL's English stop words
   * left out, a plural {@code s} stripped (so "orders" finds "order"), in order, repeats kept.
   */
  public static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        String word = text.substring(start, i).toLowerCase(Locale.ROOT);
        if (!STOP_WORDS.contains(word)) {
          out.add(stem(word));
        }
      }
    }
    return out;
  }

  private static String stem(String word) {
    int n = word.length();
    if (n > 4 && word.endsWith("ies")) {
      return word.substring(0, n - 3) + "y";
    }
    if (n > 3 && word.charAt(n - 1) == 's' && word.charAt(n - 2) != 's' && word.charAt(n - 2) != 'u'
        && Character.isLetter(word.charAt(n - 2))) {
      return word.substring(0, n - 1);
    }
    return word;
  }

  /** Adds one entry; returns false when the id is already present or was removed. */
  public boolean add(String id, String text, M meta) {
    return addAll(List.of(new Entry<>(id, text, meta))) == 1;
  }

  /** Adds entries (ids already present or removed are skipped); returns how many were added. */
  public int addAll(List<Entry<M>> entries) {
    List<List<String>> tokenized = new ArrayList<>(entries.size());
    for (Entry<M> e : entries) {
      tokenized.add(tokenize(e.text()));
    }
    int count = 0;
    lock.writeLock().lock();
    try {
      for (int i = 0; i < entries.size(); i++) {
        Entry<M> e = entries.get(i);
        if (tombstones.contains(e.id()) || ordinals.containsKey(e.id())) {
          continue;
        }
        if (docs == MAX_DOCS) {
          throw new IllegalStateException("a keyword index holds at most " + MAX_DOCS + " entries");
        }
        int doc = docs++;
        ensureDocCapacity(docs);
        ids[doc] = e.id();
        metas[doc] = e.meta();
        alive[doc] = true;
        List<String> words = tokenized.get(i);
        lengths[doc] = words.size();
        liveLength += words.size();
        ordinals.put(e.id(), doc);
        live++;
        count++;
        Map<String, Integer> tf = new HashMap<>();
        words.forEach(w -> tf.merge(w, 1, Integer::sum));
        int[] held = new int[tf.size()];
        int t = 0;
        for (Map.Entry<String, Integer> term : tf.entrySet()) {
          int id = termId(term.getKey());
          post(id, doc << TF_BITS | Math.min(term.getValue(), TF_MAX));
          frequencies[id]++;
          held[t++] = id;
        }
        docTerms[doc] = held;
      }
    } finally {
      lock.writeLock().unlock();
    }
    return count;
  }

  /** Removes an id for good; returns whether it was present. */
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      tombstones.add(id);
      Integer doc = ordinals.remove(id);
      if (doc == null) {
        return false;
      }
      alive[doc] = false;
      metas[doc] = null;
      for (int term : docTerms[doc]) {
        frequencies[term]--;
      }
      docTerms[doc] = null;
      liveLength -= lengths[doc];
      live--;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Whether {@code id} is live in the index. */
  public boolean contains(String id) {
    lock.readLock().lock();
    try {
      return ordinals.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of live entries. */
  public int size() {
    lock.readLock().lock();
    try {
      return live;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The {@code k} best live entries by BM25 against {@code query} that pass {@code filter} (null = all) and
   * contain at least half of the query's distinct terms: any single word would be too loose, one common word
   * ("run", "user") would put a passage on top of this ranking and, through a fusion, above the one the
   * query means. Ties go to the entry added last.
   */
  public List<Hit<M>> search(String query, int k, Predicate<M> filter) {
    List<String> words = List.copyOf(new LinkedHashSet<>(tokenize(query)));
    if (words.isEmpty() || k < 1) {
      return List.of();
    }
    int needed = (words.size() + 1) / 2;
    lock.readLock().lock();
    Scratch s = borrow();
    try {
      float avgLength = averageLength();
      for (String word : words) {
        accumulate(word, s, avgLength);
      }
      return top(k, filter, s, d -> s.matched[d] >= needed);
    } finally {
      release(s);
      lock.readLock().unlock();
    }
  }

  /**
   * The {@code k} best live entries passing {@code filter} that contain every term of at least one of
   * {@code groups} (e.g. the words of an order number), ranked by how many groups they contain, then BM25
   * over those groups' terms.
   */
  public List<Hit<M>> searchAllOf(List<List<String>> groups, int k, Predicate<M> filter) {
    if (groups.isEmpty() || k < 1) {
      return List.of();
    }
    lock.readLock().lock();
    Scratch total = borrow();
    Scratch group = borrow();
    try {
      float avgLength = averageLength();
      for (List<String> terms : groups) {
        List<String> words = List.copyOf(new LinkedHashSet<>(terms));
        for (String word : words) {
          accumulate(word, group, avgLength);
        }
        for (int i = 0; i < group.count; i++) {
          int d = group.touched[i];
          if (group.matched[d] == words.size()) {
            // The group count dominates; BM25 (well below 1e4 per entry) orders within it.
            total.add(d, 1e4f + group.scores[d]);
          }
        }
        group.reset();
      }
      return top(k, filter, total, d -> true);
    } finally {
      release(group);
      release(total);
      lock.readLock().unlock();
    }
  }

  /** Needs the read lock. */
  private float averageLength() {
    return live == 0 ? 1 : Math.max(1f, (float) liveLength / live);
  }

  /** Needs the read lock. */
  private void accumulate(String word, Scratch s, float avgLength) {
    Integer term = terms.get(word);
    if (term == null) {
      return;
    }
    int[] list = postings[term];
    int n = postingCounts[term];
    int df = frequencies[term];
    float idf = (float) Math.log(1 + (live - df + 0.5) / (df + 0.5));
    for (int p = 0; p < n; p++) {
      int posting = list[p];
      int d = posting >>> TF_BITS;
      if (!alive[d]) {
        continue;
      }
      int tf = posting & TF_MAX;
      s.add(d, idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[d] / avgLength)));
    }
  }

  /** Needs the read lock. */
  private List<Hit<M>> top(int k, Predicate<M> filter, Scratch s, IntPredicate eligible) {
    float[] scores = s.scores;
    // A bounded min-heap of ordinals: worst on top, ties broken towards the older entry.
    int[] heap = new int[k];
    int size = 0;
    for (int i = 0; i < s.count; i++) {
      int d = s.touched[i];
      if (!alive[d] || !eligible.test(d)) {
        continue;
      }
      if (size == k && !better(d, heap[0], scores)) {
        continue;
      }
      if (filter != null && !filter.test(meta(d))) {
        continue;
      }
      if (size < k) {
        heap[size] = d;
        siftUp(heap, size++, scores);
      } else {
        heap[0] = d;
        siftDown(heap, size, scores);
      }
    }
    List<Integer> order = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      order.add(heap[i]);
    }
    order.sort((a, b) -> better(a, b, scores) ? -1 : better(b, a, scores) ? 1 : 0);
    List<Hit<M>> hits = new ArrayList<>(size);
    for (int d : order) {
      hits.add(new Hit<>(ids[d], scores[d], meta(d)));
    }
    return hits;
  }

  /** Needs the read lock (so {@code docs} holds still while the scratch is sized). */
  private Scratch borrow() {
    Scratch s = scratches.poll();
    if (s == null) {
      s = new Scratch();
    }
    s.ensure(docs);
    return s;
  }

  private void release(Scratch s) {
    s.reset();
    scratches.offer(s);
  }

  /**
   * Per-search score accumulators over all ordinals, reused across searches (a few are pooled): a search
   * touches only the entries holding its terms and resets only those, instead of allocating and scanning
   * arrays the size of the archive.
   */
  private static final class Scratch {
    float[] scores = new float[0];
    int[] matched = new int[0];
    int[] touched = new int[64];
    int count;

    void ensure(int docs) {
      if (scores.length < docs) {
        scores = new float[docs + docs / 4];
        matched = new int[scores.length];
      }
    }

    void add(int d, float score) {
      if (matched[d]++ == 0) {
        if (count == touched.length) {
          touched = Arrays.copyOf(touched, count * 2);
        }
        touched[count++] = d;
      }
      scores[d] += score;
    }

    void reset() {
      for (int i = 0; i < count; i++) {
        scores[touched[i]] = 0;
        matched[touched[i]] = 0;
      }
      count = 0;
    }
  }

  private static boolean better(int a, int b, float[] scores) {
    return scores[a] > scores[b] || scores[a] == scores[b] && a > b;
  }

  private static void siftUp(int[] heap, int i, float[] scores) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!better(heap[parent], heap[i], scores)) {
        break;
      }
      swap(heap, i, parent);
      i = parent;
    }
  }

  private static void siftDown(int[] heap, int size, float[] scores) {
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      int right = left + 1;
      int worst = i;
      if (left < size && better(heap[worst], heap[left], scores)) {
        worst = left;
      }
      if (right < size && better(heap[worst], heap[right], scores)) {
        worst = right;
      }
      if (worst == i) {
        return;
      }
      swap(heap, i, worst);
      i = worst;
    }
  }

  private static void swap(int[] heap, int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }

  @SuppressWarnings("unchecked")
  private M meta(int doc) {
    return (M) metas[doc];
  }

  private int termId(String word) {
    Integer id = terms.get(word);
    if (id != null) {
      return id;
    }
    int next = terms.size();
    terms.put(word, next);
    if (next == postings.length) {
      postings = Arrays.copyOf(postings, next * 2);
      postingCounts = Arrays.copyOf(postingCounts, next * 2);
      frequencies = Arrays.copyOf(frequencies, next * 2);
    }
    postings[next] = new int[2];
    return next;
  }

  private void post(int term, int posting) {
    int[] list = postings[term];
    int n = postingCounts[term];
    if (n == list.length) {
      list = Arrays.copyOf(list, n + Math.max(2, n / 2));
      postings[term] = list;
    }
    list[n] = posting;
    postingCounts[term] = n + 1;
  }

  private void ensureDocCapacity(int needed) {
    if (needed <= ids.length) {
      return;
    }
    int capacity = Math.max(needed, ids.length * 2);
    ids = Arrays.copyOf(ids, capacity);
    metas = Arrays.copyOf(metas, capacity);
    lengths = Arrays.copyOf(lengths, capacity);
    docTerms = Arrays.copyOf(docTerms, capacity);
    alive = Arrays.copyOf(alive, capacity);
  }
}
