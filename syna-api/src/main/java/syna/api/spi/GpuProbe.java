package syna.api.spi;

import java.util.List;

/**
 * Result of probing for GPUs.
 *
 * @param available whether at least one device can be used
 * @param devices names of the devices found
 * @param reason why none is available (empty when available)
 */
public record GpuProbe(boolean available, List<String> devices, String reason) {
    /** Copies the list. */
    public GpuProbe {
        devices = List.copyOf(devices);
    }
}
