package syna.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import syna.api.Durability;
import syna.bench.store.Engine;
import syna.bench.store.KvSession;
import syna.bench.store.KvStore;

/** A store in a fresh temporary directory, deleted on close. Not thread-safe; one per benchmark state. */
final class StoreFixture implements AutoCloseable {
    final Path dir;
    final KvStore store;
    final KvSession session;

    StoreFixture(String engine, Durability durability) {
        try {
            dir = Files.createTempDirectory("syna-jmh-" + engine + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // JMH's store benchmarks hold at most a few million small values; only Chronicle Map reads the sizing.
        store = Engine.parse(engine).open(dir, durability, new syna.bench.store.StoreSizing(4_000_000, 16, 1_024));
        session = store.session();
    }

    @Override
    public void close() {
        session.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
