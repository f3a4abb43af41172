package io.darktower.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.events.meeting.MeetingEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

    @Test
    void everyMeetingEventIsCatalogued() {
        assertThat(Arrays.stream(MeetingEvent.class.getPermittedSubclasses()).toList())
                .allSatisfy(type -> assertThat(EventCatalog.typeOf(type).aggregateType()).isEqualTo(EventCatalog.MEETING));
    }

    @Test
    void wireNamesAreUniqueAndMapBackToTheirClasses() {
        EventCatalog.all().forEach((type, eventType) -> {
            assertThat(EventCatalog.classOf(eventType.name())).isEqualTo(type);
            assertThat(EventCatalog.typeOfClassName(type.getName())).contains(eventType);
        });
    }

    @Test
    void unknownTypesAreRefusedByName() {
        assertThatThrownBy(() -> EventCatalog.classOf("MeetingExploded")).hasMessageContaining("MeetingExploded");
        assertThat(EventCatalog.typeOfClassName("java.lang.String")).isEmpty();
    }
}
