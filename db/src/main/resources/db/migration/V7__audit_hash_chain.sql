-- Tamper evidence (ADR 0005): every stored event is chained to the one chained before it by a SHA-256 hash,
-- hash = sha256(prev_hash || canonical bytes of the domain_event_entry row). AuditChainer appends links in
-- global position order, never past a position that may still commit; GET /api/audit/verify recomputes them.
-- prev_hash of the first link is 32 zero bytes. Positions of rolled-back appends have no link: a link's
-- predecessor is the previous link, not position - 1.
CREATE TABLE audit_chain (
    global_index     BIGINT       NOT NULL PRIMARY KEY,
    event_identifier VARCHAR(255) NOT NULL,
    hash             BYTEA        NOT NULL,
    prev_hash        BYTEA        NOT NULL,
    chained_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT audit_chain_event_identifier_key UNIQUE (event_identifier),
    CONSTRAINT audit_chain_hash_length CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32)
);

-- Append-only: a link is written once. Rewriting or dropping links would let a chainer that starts over hash
-- tampered rows as if they were genuine, so the database refuses it (a superuser can still drop the
-- triggers, which is why the verify report's head hash is worth keeping outside the database).
CREATE FUNCTION audit_chain_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_chain is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER audit_chain_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only();

CREATE TRIGGER audit_chain_no_truncate
    BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();
