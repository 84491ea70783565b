package syna.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.SynaIOException;

/** {@code syna put}: writes one typed value. Not thread-safe; one per execution. */
@Command(name = "put", description = {
    "Write a typed VALUE as the latest value of KEY.",
    "Creates the database when missing. Types: float (float64), int (int64), text, bytes "
        + "(base64; hex as hex:0a0b or 0x0a0b), vector (comma-separated float32 components, e.g. "
        + "0.1,0.2,0.3). VALUE @FILE reads the value from FILE and - from standard input: as is for "
        + "bytes, as UTF-8 for text (bad UTF-8 is refused), as the text forms above for the other "
        + "types. --literal takes a VALUE that starts with @ or is - as it is."})
final class PutCommand extends DatabaseCommand {
    /** The types {@code put} accepts. */
    enum PutType {
        FLOAT, INT, TEXT, BYTES, VECTOR
    }

    /** Accepts the short names and the stored type names ({@code float64}, {@code int64}). */
    static final class TypeConverter implements ITypeConverter<PutType> {
        @Override
        public PutType convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "float", "float64", "double" -> PutType.FLOAT;
                case "int", "int64", "long" -> PutType.INT;
                case "text", "string" -> PutType.TEXT;
                case "bytes" -> PutType.BYTES;
                case "vector" -> PutType.VECTOR;
                default -> throw new TypeConversionException(
                        "unknown type '" + value + "': use float, int, text, bytes or vector");
            };
        }
    }

    /** Longest value echoed in full after a put. */
    private static final int ECHO_LIMIT = 80;

    @Parameters(paramLabel = "[DB] KEY VALUE", hideParamSyntax = true, description = "Database directory, key and value.")
    List<String> args = new ArrayList<>();

    @Mixin
    WriteOptions write;

    @Option(names = "--literal", description = "Take VALUE as it is, even when it starts with @ or is -.")
    boolean literal;

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE", converter = TypeConverter.class,
            description = "float, int, text, bytes or vector.")
    PutType type;

    @Override
    public Integer call() {
        List<String> ops = operands(args, "KEY", "VALUE");
        String key = ops.get(0);
        String arg = ops.get(1);
        String what = "value for key '" + key + "'";
        Atom value;
        if (!literal && (arg.equals("-") || arg.startsWith("@"))) {
            value = fromSource(arg, what);
        } else {
            value = switch (type) {
                case FLOAT -> Atom.of(Values.parseDouble(arg, what));
                case INT -> Atom.of(Values.parseLong(arg, what));
                case TEXT -> Atom.of(arg);
                case BYTES -> Atom.of(Values.parseBytes(arg, what));
                case VECTOR -> Atom.of(Values.parseVector(arg, what));
            };
        }
        try (Database db = openForWriting(true)) {
            db.put(key, value);
        }
        String shown = Values.format(value, false);
        if (shown.length() > ECHO_LIMIT) {
            shown = shown.substring(0, ECHO_LIMIT) + "… (" + shown.length() + " characters)";
        }
        out().println("put " + key + " = " + Values.typeName(value) + " " + shown);
        return ExitCodes.OK;
    }

    /** The value read from {@code @FILE} or {@code -} (standard input). */
    private Atom fromSource(String arg, String what) {
        byte[] raw;
        String source;
        if (arg.equals("-")) {
            if (session() != null) {
                throw usage("put KEY - reads standard input, which the shell is reading commands from: use @FILE");
            }
            source = "standard input";
            try {
                raw = Sources.readAll(((SynaCommand) spec.root().userObject()).in, DatabaseOptions.MAX_VALUE_BYTES_LIMIT, source);
            } catch (IOException e) {
                throw new SynaIOException("cannot read " + what + " from standard input: " + e.getMessage(), e);
            }
        } else {
            Path file = Path.of(arg.substring(1));
            source = file.toString();
            raw = Sources.readFile(file, DatabaseOptions.MAX_VALUE_BYTES_LIMIT, what);
        }
        String from = what + " from " + source;
        return switch (type) {
            case BYTES -> Atom.of(raw);
            case TEXT -> Atom.of(Sources.utf8(raw, from));
            case FLOAT -> Atom.of(Values.parseDouble(Sources.utf8(raw, from).strip(), from));
            case INT -> Atom.of(Values.parseLong(Sources.utf8(raw, from).strip(), from));
            case VECTOR -> Atom.of(Values.parseVector(Sources.utf8(raw, from).strip().replaceAll("\\s+", ","), from));
        };
    }
}
