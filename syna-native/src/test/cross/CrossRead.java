import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.StringJoiner;
import syna.api.Atom;
import syna.api.Database;
import syna.api.Syna;

/** Canonical dump of the database through the Java API (compared with the C++ and Python dumps). */
public class CrossRead {
    public static void main(String[] args) {
        try (Database db = Syna.builder(Path.of(args[0])).readOnly(true).open()) {
            for (String key : db.keys()) {
                Atom a = db.get(key).orElseThrow();
                String line = switch (a) {
                    case Atom.Float64 f -> {
                        double[] h = db.historyAsDoubles(key);
                        StringJoiner j = new StringJoiner(" ");
                        for (double d : h) {
                            j.add(Long.toString(Double.doubleToRawLongBits(d)));
                        }
                        yield key + " float " + Double.doubleToRawLongBits(f.value()) + " " + h.length + " " + j;
                    }
                    case Atom.Int64 i -> key + " int " + i.value();
                    case Atom.Text t -> key + " text " + HexFormat.of().formatHex(t.value().getBytes(StandardCharsets.UTF_8));
                    case Atom.Bytes b -> key + " bytes " + HexFormat.of().formatHex(b.value());
                    case Atom.Vector v -> {
                        StringJoiner j = new StringJoiner(" ");
                        for (float x : v.value()) {
                            j.add(Integer.toString(Float.floatToRawIntBits(x)));
                        }
                        yield key + " vector " + v.dimension() + " " + j;
                    }
                    case Atom.Null n -> key + " null";
                };
                System.out.println(line);
            }
        }
    }
}
