package syna.examples.rag;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import syna.api.Durability;
import syna.langchain4j.SynaEmbeddingStore;

/**
 * Ingests a few documents into Syna and queries them: split into segments, embed in-process with
 * all-MiniLM-L6-v2 (quantized; the model ships inside its jar, nothing is downloaded at run time), store with
 * {@link SynaEmbeddingStore}, then search with a metadata filter, close, reopen and search again.
 *
 * <p>Run from the repository root: {@code ./mvnw -P examples -pl examples/rag-ingest -am verify -DskipTests}.
 * The database goes to the directory given as the first argument (default: a new temporary directory).
 */
public final class RagIngest {
    private RagIngest() {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("syna-rag");
        EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

        List<Document> documents = List.of(
                Document.from("""
                        Syna is an embedded database for the JVM. Every write is appended to a log with a CRC32C \
                        checksum. On open, Syna scans the log, verifies every checksum and truncates a torn tail, \
                        so a crash never leaves a database that cannot be opened. Durability is chosen per \
                        database: NONE, GROUP or ALWAYS.""",
                        new Metadata().put("source", "storage.md").put("year", 2026).put("lang", "en")),
                Document.from("""
                        Vector stores keep float vectors with their metadata. Below ten thousand vectors a search \
                        is exact; above, an index such as HNSW answers. Metadata filters run inside the search, so \
                        a selective filter still returns k results.""",
                        new Metadata().put("source", "vectors.md").put("year", 2026).put("lang", "en")),
                Document.from("""
                        The first prototype stored everything in one JSON file and lost data when the process was \
                        killed while writing. It had no checksums and no recovery.""",
                        new Metadata().put("source", "history.md").put("year", 2023).put("lang", "en")),
                Document.from("""
                        Syna schreibt jeden Eintrag in ein Log mit Prüfsumme. Nach einem Absturz wird das Log beim \
                        Öffnen geprüft und ein abgerissenes Ende abgeschnitten.""",
                        new Metadata().put("source", "storage.de.md").put("year", 2026).put("lang", "de")));

        List<TextSegment> segments = new ArrayList<>();
        for (Document d : documents) {
            segments.addAll(split(d, 160));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();

        String question = "What happens to my data when the process crashes?";
        Embedding query = model.embed(question).content();
        Filter recentEnglish = metadataKey("lang").isEqualTo("en").and(metadataKey("year").isGreaterThanOrEqualTo(2025));
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(query).maxResults(3).minScore(0.5).filter(recentEnglish).build();

        try (SynaEmbeddingStore store = SynaEmbeddingStore.builder()
                .path(dir).dimension(model.dimension()).durability(Durability.GROUP).build()) {
            store.removeAll(); // a rerun starts from an empty store
            store.addAll(embeddings, segments);
            System.out.printf(Locale.ROOT, "Stored %d segments of %d documents in %s%n", store.size(), documents.size(), dir);
            print("Q: " + question + "  filter: " + recentEnglish, store.search(request).matches());
        }
        try (SynaEmbeddingStore store = SynaEmbeddingStore.builder().path(dir).dimension(model.dimension()).build()) {
            print("After reopening (" + store.size() + " segments):", store.search(request).matches());
        }
    }

    /** Splits a document into segments of whole sentences, each at most about {@code maxChars} long. */
    static List<TextSegment> split(Document document, int maxChars) {
        List<TextSegment> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : document.text().split("(?<=[.!?])\\s+")) {
            if (!current.isEmpty() && current.length() + 1 + sentence.length() > maxChars) {
                out.add(segment(document, current.toString(), out.size()));
                current.setLength(0);
            }
            current.append(current.isEmpty() ? "" : " ").append(sentence);
        }
        if (!current.isEmpty()) {
            out.add(segment(document, current.toString(), out.size()));
        }
        return out;
    }

    private static TextSegment segment(Document document, String text, int index) {
        return TextSegment.from(text, document.metadata().copy().put("index", index));
    }

    private static void print(String title, List<EmbeddingMatch<TextSegment>> matches) {
        System.out.println(title);
        for (EmbeddingMatch<TextSegment> m : matches) {
            TextSegment s = m.embedded();
            System.out.printf(Locale.ROOT, "  %.3f  %s#%d (%d)  %s%n", m.score(), s.metadata().getString("source"),
                    s.metadata().getInteger("index"), s.metadata().getInteger("year"), s.text());
        }
    }
}
