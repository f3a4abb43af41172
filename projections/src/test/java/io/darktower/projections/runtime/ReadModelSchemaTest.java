package io.darktower.projections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations build the seed's schema: its tables, indexes, triggers and monthly audit partitions. */
class ReadModelSchemaTest {

    private static Endpoints db;

    @BeforeAll
    static void migrate() {
        db = Databases.create(SharedTestStack.endpoints(), "schema_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword()); // a second run finds nothing to do
    }

    @Test
    void everySeedTableAndIndexExists() throws Exception {
        assertThat(Sql.strings(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'audit_logs_%'"))
                .contains("users", "oauth_providers", "meetings", "meeting_participants", "recordings",
                        "meeting_controllers", "media_handlers", "audit_logs", "api_keys");
        assertThat(Sql.strings(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).contains(
                "idx_users_email", "idx_users_created_at", "idx_oauth_user_id",
                "idx_meetings_created_by", "idx_meetings_meeting_code", "idx_meetings_status",
                "idx_meetings_scheduled_start", "idx_meetings_controller",
                "idx_participants_meeting_id", "idx_participants_user_id", "idx_participants_joined_at",
                "idx_recordings_meeting_id", "idx_recordings_started_by", "idx_recordings_status",
                "idx_controllers_region", "idx_controllers_health", "idx_controllers_heartbeat",
                "idx_handlers_region", "idx_handlers_health",
                "idx_audit_event_type", "idx_audit_actor", "idx_audit_target", "idx_audit_created_at",
                "idx_api_keys_user_id", "idx_api_keys_hash");
    }

    @Test
    void meetingsHaveTheSeedsColumnsTypesAndDefaults() throws Exception {
        assertThat(Sql.strings(db, """
                SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
                FROM information_schema.columns WHERE table_name = 'meetings' ORDER BY ordinal_position""")).containsExactly(
                "meeting_id uuid NO gen_random_uuid()",
                "created_by_user_id uuid YES -",
                "display_name character varying NO -",
                "meeting_code character varying NO -",
                "max_participants integer NO 100",
                "enable_e2e_encryption boolean NO true",
                "require_auth boolean NO false",
                "allow_recording boolean NO false",
                "waiting_room_enabled boolean NO false",
                "status character varying NO 'scheduled'::character varying",
                "scheduled_start_time timestamp with time zone YES -",
                "actual_start_time timestamp with time zone YES -",
                "ended_at timestamp with time zone YES -",
                "assigned_controller_id character varying YES -",
                "assigned_region character varying YES -",
                "created_at timestamp with time zone NO now()",
                "updated_at timestamp with time zone NO now()",
                "metadata jsonb YES '{}'::jsonb");
    }

    @Test
    void updatedAtIsMaintainedByTriggers() throws Exception {
        assertThat(Sql.strings(db, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).contains(
                "trg_users_updated_at", "trg_oauth_providers_updated_at", "trg_meetings_updated_at",
                "trg_recordings_updated_at", "trg_meeting_controllers_updated_at", "trg_media_handlers_updated_at",
                "trg_api_keys_updated_at");
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name, updated_at) VALUES "
                + "('00000000-0000-0000-0000-000000000001', 'a@example.com', 'A', '2020-01-01')");
        Sql.execute(db, "UPDATE users SET display_name = 'B' WHERE user_id = '00000000-0000-0000-0000-000000000001'");
        assertThat(Sql.strings(db, "SELECT updated_at > '2020-01-02' FROM users WHERE user_id = '00000000-0000-0000-0000-000000000001'"))
                .containsExactly("true");
    }

    @Test
    void auditLogsArePartitionedByMonthWithPartitionsAhead() throws Exception {
        assertThat(Sql.strings(db, "SELECT relkind::text FROM pg_class WHERE relname = 'audit_logs'")).containsExactly("p");
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        List<String> partitions = Sql.strings(db, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'audit_logs'::regclass");
        for (int ahead = 0; ahead <= 3; ahead++) {
            LocalDate m = month.plusMonths(ahead);
            assertThat(partitions).contains(String.format("audit_logs_y%04dm%02d", m.getYear(), m.getMonthValue()));
        }
        assertThat(partitions).contains("audit_logs_default", "audit_logs_y2025m01");
        Sql.execute(db, "INSERT INTO audit_logs (event_type, actor_type, action, result) VALUES ('meeting_created', 'user', 'create', 'success')");
        assertThat(Sql.strings(db, "SELECT tableoid::regclass::text FROM audit_logs WHERE event_type = 'meeting_created'"))
                .containsExactly(String.format("audit_logs_y%04dm%02d", month.getYear(), month.getMonthValue()));
    }

}
