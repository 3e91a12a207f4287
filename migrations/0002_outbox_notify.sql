-- Wake the relays as soon as an outbox row commits (they also poll, in case a notification is missed).
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('outbox', NEW.id);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outbox_notify_insert AFTER INSERT ON "outbox" FOR EACH ROW EXECUTE FUNCTION outbox_notify();
