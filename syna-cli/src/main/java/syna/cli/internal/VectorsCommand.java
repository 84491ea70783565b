package syna.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import syna.api.Atom;
import syna.api.Database;
import syna.api.KeyNotFoundException;
import syna.api.Syna;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * {@code syna vectors}: the durable vector stores of a database ({@code list}, {@code info},
 * {@code search}). Uses only the public API: {@link Syna#vectorStores} to find stores and their
 * dimension, {@link Syna#vectorStore} to open one. Not thread-safe; one per execution.
 */
@Command(name = "vectors", description = "List, describe and search the vector stores of a database.",
        subcommands = {VectorsCommand.ListStores.class, VectorsCommand.Info.class, VectorsCommand.Search.class})
final class VectorsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, info or search");
    }

    /** The options of the store {@code name} in {@code db}, or {@link KeyNotFoundException} listing the stores. */
    static VectorStoreOptions stored(Database db, String name) {
        SortedMap<String, VectorStoreOptions> stores = Syna.vectorStores(db);
        VectorStoreOptions o = stores.get(name);
        if (o == null) {
            throw new KeyNotFoundException("no vector store '" + name + "' in " + db.path() + " (stores: "
                    + (stores.isEmpty() ? "none" : String.join(", ", stores.keySet())) + ")");
        }
        return o;
    }

    /** {@code vectors list}. */
    @Command(name = "list", description = "List the vector stores: name, dimension, metric.")
    static final class ListStores extends DatabaseCommand {
        @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            operands(args);
            try (Database db = openForReading()) {
                PrintWriter out = out();
                SortedMap<String, VectorStoreOptions> stores = Syna.vectorStores(db);
                if (stores.isEmpty()) {
                    out.println("(no vector stores)");
                }
                stores.forEach((name, o) -> out.printf(Locale.ROOT, "%-24s dimension %-5d %s%n", name, o.dimension(),
                        o.metric().name().toLowerCase(Locale.ROOT)));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code vectors info}. */
    @Command(name = "info", description = "Show a vector store's dimension, metric, vector count and index.")
    static final class Info extends DatabaseCommand {
        @Parameters(paramLabel = "[DB] NAME", hideParamSyntax = true, description = "Database directory and store name.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            String name = operands(args, "NAME").getFirst();
            try (Database db = openForReading(); VectorStore store = Syna.vectorStore(db, name, stored(db, name))) {
                PrintWriter out = out();
                out.printf(Locale.ROOT, "%-12s %s%n", "store", name);
                out.printf(Locale.ROOT, "%-12s %d%n", "dimension", store.dimension());
                out.printf(Locale.ROOT, "%-12s %s%n", "metric", store.metric().name().toLowerCase(Locale.ROOT));
                out.printf(Locale.ROOT, "%-12s %s%n", "vectors", Format.count(store.size()));
                out.printf(Locale.ROOT, "%-12s %s%n", "index", store.indexName());
            }
            return ExitCodes.OK;
        }
    }

    /** Where the query vector comes from: exactly one. */
    static final class QuerySource {
        @Option(names = "--vector", paramLabel = "V", description = "The query: comma-separated components.")
        String vector;

        @Option(names = "--query-file", paramLabel = "FILE",
                description = "Read the query from FILE: components separated by commas or white space.")
        Path file;

        @Option(names = "--like", paramLabel = "ID", description = "Use the vector stored under ID in this store.")
        String like;

        @Option(names = "--key", paramLabel = "KEY", description = "Use the vector value of database key KEY.")
        String key;
    }

    /** {@code vectors search}. */
    @Command(name = "search", description = {
        "Print the k nearest vectors of a store to a query, nearest first: rank, distance, id.",
        "Distances: 1 - cosine, squared euclidean, or negative dot product (lower is closer)."})
    static final class Search extends DatabaseCommand {
        @Parameters(paramLabel = "[DB] NAME", hideParamSyntax = true, description = "Database directory and store name.")
        List<String> args = new ArrayList<>();

        @ArgGroup(exclusive = true, multiplicity = "1")
        QuerySource query;

        @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "10", description = "Matches to print (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--effort", paramLabel = "N", description = "The index's effort (HNSW ef); default: the index's own.")
        Integer effort;

        @Option(names = "--exact", description = "Search exactly, without loading or building an index.")
        boolean exact;

        @Option(names = "--metadata", description = "Print each match's metadata.")
        boolean metadata;

        @Override
        public Integer call() {
            String name = operands(args, "NAME").getFirst();
            if (k < 1) {
                throw usage("-k must be >= 1, got " + k);
            }
            if (effort != null && effort < 1) {
                throw usage("--effort must be >= 1, got " + effort);
            }
            try (Database db = openForReading()) {
                VectorStoreOptions o = stored(db, name);
                if (exact) {
                    o = VectorStoreOptions.builder(o.dimension()).metric(o.metric()).indexThreshold(Integer.MAX_VALUE).build();
                }
                try (VectorStore store = Syna.vectorStore(db, name, o)) {
                    float[] q = queryVector(db, store, name);
                    VectorQuery vq = effort == null ? VectorQuery.defaults() : VectorQuery.defaults().withEffort(effort);
                    PrintWriter out = out();
                    int rank = 0;
                    for (VectorMatch m : store.search(q, k, vq)) {
                        out.printf(Locale.ROOT, "%-4d %-12s %s%s%n", ++rank, Float.toString(m.distance()), m.key(),
                                metadata ? " " + format(store.metadata(m.key())) : "");
                    }
                }
            }
            return ExitCodes.OK;
        }

        private float[] queryVector(Database db, VectorStore store, String name) {
            if (query.vector != null) {
                return Values.parseVector(query.vector, "query --vector");
            }
            if (query.file != null) {
                byte[] raw = Sources.readFile(query.file, 64 << 20, "query file");
                String text = Sources.utf8(raw, "query file " + query.file).strip();
                return Values.parseVector(text.replaceAll("[\\s,]+", ","), "query in " + query.file);
            }
            if (query.like != null) {
                return store.get(query.like).orElseThrow(() -> new KeyNotFoundException("no vector '" + query.like
                        + "' in store '" + name + "'"));
            }
            return db.getVector(query.key);
        }

        private static String format(Map<String, Atom> meta) {
            StringBuilder sb = new StringBuilder("{");
            meta.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(Values.format(v, false)));
            return sb.append('}').toString();
        }
    }
}
