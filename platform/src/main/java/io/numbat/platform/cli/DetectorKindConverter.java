package io.numbat.platform.cli;

import io.numbat.processor.anomaly.AnomalyDetector;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code transition}, {@code seasonal} or {@code ensemble}, in any case: an {@link AnomalyDetector.Kind}. */
public final class DetectorKindConverter implements ITypeConverter<AnomalyDetector.Kind> {
    @Override
    public AnomalyDetector.Kind convert(String value) {
        try {
            return AnomalyDetector.Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not an anomaly detector; expected one of "
                    + Arrays.stream(AnomalyDetector.Kind.values())
                            .map(k -> k.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }
}
