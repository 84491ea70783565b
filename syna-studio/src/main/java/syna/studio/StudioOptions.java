package syna.studio;

import java.net.InetAddress;
import java.net.UnknownHostException;
import syna.api.InvalidArgumentException;

/**
 * How a {@link Studio} listens: the address and port it binds, and the most points the 3D view of a vector
 * store samples. The default binds {@code 127.0.0.1} on a free port; any other address must be asked for
 * with {@link Builder#bind(String)} and is logged as a warning (the Studio has no users or TLS: anyone who
 * reaches the port reads the database, and with the token in the printed URL, changes it).
 *
 * @param bind the address to bind
 * @param port the port, 0 for any free one
 * @param maxPcaPoints most points the 3D view samples from a vector store (1 to 50,000)
 */
public record StudioOptions(InetAddress bind, int port, int maxPcaPoints) {
    /** Default for {@link #maxPcaPoints()}: 3 floats each ship about 60 KB; with keys, well under 2 MB. */
    public static final int DEFAULT_PCA_POINTS = 5_000;

    /** Validates. */
    public StudioOptions {
        if (bind == null) {
            throw new InvalidArgumentException("bind address must not be null");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxPcaPoints < 1 || maxPcaPoints > 50_000) {
            throw new InvalidArgumentException("maxPcaPoints must be in 1..50000, got " + maxPcaPoints);
        }
    }

    /** The defaults: loopback, a free port, {@value #DEFAULT_PCA_POINTS} points. */
    public static StudioOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the bind address is a loopback address (only this machine can connect). */
    public boolean loopback() {
        return bind.isLoopbackAddress();
    }

    @Override
    public String toString() {
        return "StudioOptions[bind=" + bind.getHostAddress() + ", port=" + port + ", maxPcaPoints=" + maxPcaPoints + "]";
    }

    /** Builds {@link StudioOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port;
        private int maxPcaPoints = DEFAULT_PCA_POINTS;

        private Builder() {}

        /**
         * Binds {@code address} (an IP literal or host name) instead of {@code 127.0.0.1}; a non-loopback
         * address exposes the database to the network and is logged as a warning.
         */
        public Builder bind(String address) {
            if (address == null || address.isBlank()) {
                throw new InvalidArgumentException("bind address must not be empty");
            }
            try {
                this.bind = InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw new InvalidArgumentException("unknown bind address '" + address + "'", e);
            }
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Most points the 3D view samples from a vector store. */
        public Builder maxPcaPoints(int points) {
            this.maxPcaPoints = points;
            return this;
        }

        /** Validates and builds. */
        public StudioOptions build() {
            return new StudioOptions(bind, port, maxPcaPoints);
        }
    }
}
