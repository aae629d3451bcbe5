package io.numbat.schemas.serde;

import org.apache.avro.Conversion;
import org.apache.avro.specific.SpecificData;

/**
 * The data model Numbat's serde reads and writes a generated record class with: the class's own
 * model (its logical-type conversions) with Avro's generated encoders and decoders turned on. Those
 * ({@code customEncode}/{@code customDecode} in each generated class) write and read the fields
 * directly instead of walking the schema by reflection, several times faster; Avro leaves them off
 * unless the system property {@code org.apache.avro.specific.use_custom_coders} is set. A copy, so
 * the class's shared model is not changed.
 */
final class FastCoders {
    private FastCoders() {}

    static SpecificData model(Class<?> type) {
        SpecificData own = SpecificData.getForClass(type);
        SpecificData fast = new SpecificData(type.getClassLoader());
        for (Conversion<?> c : own.getConversions()) {
            fast.addLogicalTypeConversion(c);
        }
        fast.setCustomCoders(true);
        return fast;
    }
}
