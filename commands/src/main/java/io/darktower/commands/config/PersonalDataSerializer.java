package io.darktower.commands.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.crypto.PersonalData;
import io.darktower.events.EventMetadata;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The event store's serializer with erasure built in: an event's {@link io.darktower.events.Personal} fields are
 * sealed with their subject's key before the row is written, and opened (with the requester's address and user agent
 * in the metadata, sealed when the event was published: {@link PersonalMetadata}) when Axon reads the row back
 * (aggregates sourcing their state). Everything else is the shared event JSON form, unchanged.
 */
public final class PersonalDataSerializer implements Serializer {

    private final JacksonSerializer delegate;

    public PersonalDataSerializer(JacksonSerializer delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object != null && PersonalData.declares(object.getClass())) {
            ObjectNode tree = delegate.getObjectMapper().valueToTree(object);
            PersonalData.seal(object.getClass(), tree);
            SerializedObject<JsonNode> sealed = new SimpleSerializedObject<>(tree, JsonNode.class,
                    delegate.typeForClass(object.getClass()));
            return delegate.getConverter().convert(sealed, expectedRepresentation);
        }
        return delegate.serialize(object, expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = delegate.classForType(serializedObject.getType());
        if (PersonalData.declares(type)) {
            JsonNode stored = delegate.getConverter().convert(serializedObject, JsonNode.class).getData();
            if (stored instanceof ObjectNode object) {
                ObjectNode opened = object.deepCopy();
                PersonalData.open(type, opened);
                return delegate.deserialize(new SimpleSerializedObject<>(opened, JsonNode.class, serializedObject.getType()));
            }
        }
        T deserialized = delegate.deserialize(serializedObject);
        if (deserialized instanceof MetaData metaData && hasRequester(metaData)) {
            return (T) MetaData.from(PersonalData.openMetadata(metaData));
        }
        return deserialized;
    }

    private static boolean hasRequester(MetaData metaData) {
        return metaData.containsKey(EventMetadata.KEY_CLIENT_IP) || metaData.containsKey(EventMetadata.KEY_USER_AGENT);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
