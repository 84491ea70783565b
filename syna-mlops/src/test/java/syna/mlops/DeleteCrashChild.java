package syna.mlops;

import java.nio.file.Path;
import java.util.Map;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Child process of {@link DeleteKillTest}: for i = 1, 2, ... saves model "m&lt;i&gt;" (1,024 chunks),
 * prints "DELETING i", deletes the model, prints "DELETED i"; until killed.
 */
public final class DeleteCrashChild {
    static final int SIZE = 64 * 1024;
    static final int CHUNK = 64;

    private DeleteCrashChild() {}

    /** The bytes of model {@code i}. */
    static byte[] bytes(int i) {
        byte[] b = new byte[SIZE];
        for (int k = 0; k < SIZE; k++) {
            b[k] = (byte) (k * 31 + i * 7 + (k >>> 8));
        }
        return b;
    }

    /** Saves and deletes models until killed. */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.GROUP).open();
        ModelRegistry registry = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(CHUNK).build());
        for (int i = 1; ; i++) {
            registry.save("m" + i, bytes(i), Map.of());
            registry.setStage("m" + i, 1, Stage.PRODUCTION);
            System.out.println("DELETING " + i);
            System.out.flush();
            registry.deleteModel("m" + i, true);
            System.out.println("DELETED " + i);
            System.out.flush();
        }
    }
}
