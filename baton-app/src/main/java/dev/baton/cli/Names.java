package dev.baton.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for the names commands take, so an empty one ({@code baton lock show ""}) is refused before any
 * request, instead of reaching a different route of the API.
 */
public final class Names {

    private Names() {
    }

    /** A lock's name. */
    public static final class Lock implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return nonBlank(value, "a lock name");
        }
    }

    /** A holder's name (a host's FQDN, a FleetLock machine id). */
    public static final class Holder implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return nonBlank(value, "a holder name");
        }
    }

    /** A registered host's name or alias. */
    public static final class Host implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return nonBlank(value, "a host name");
        }
    }

    static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new TypeConversionException(what + " may not be empty");
        }
        return value;
    }
}
