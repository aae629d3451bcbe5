package io.numbat.platform.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converter for a TCP port to listen on: 0 (a free one, printed) to 65535; anything else is a usage error. */
public final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port (0 to 65535; 0 picks a free one)");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException(
                    "'" + value + "' is not a port: it must be 0 to 65535 (0 picks a free one)");
        }
        return port;
    }
}
