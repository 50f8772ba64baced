-- The relay's tables. Run on every start (everything is IF NOT EXISTS), on PGlite and PostgreSQL alike.
-- Only ciphertext and routing metadata are stored: the relay never sees a message in the clear.

CREATE TABLE IF NOT EXISTS accounts (
  user_id       text PRIMARY KEY,
  display_name  text NOT NULL,
  role          text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public_keys (
  user_id     text PRIMARY KEY REFERENCES accounts (user_id),
  armored_key text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- seq is the mailbox cursor: one global sequence, handed out in commit order (see store.ts).
CREATE TABLE IF NOT EXISTS envelopes (
  seq        bigserial PRIMARY KEY,
  id         text NOT NULL UNIQUE,
  thread_id  text NOT NULL,
  sender     text NOT NULL REFERENCES accounts (user_id),
  recipients text[] NOT NULL,
  created_at text NOT NULL,
  ciphertext text NOT NULL,
  size       integer NOT NULL,
  stored_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per participant (sender and each recipient), so a mailbox page is an index range scan.
CREATE TABLE IF NOT EXISTS mailbox (
  user_id text NOT NULL REFERENCES accounts (user_id),
  seq     bigint NOT NULL REFERENCES envelopes (seq),
  PRIMARY KEY (user_id, seq)
);

CREATE TABLE IF NOT EXISTS consent_records (
  id        text PRIMARY KEY,
  user_id   text NOT NULL REFERENCES accounts (user_id),
  payload   text NOT NULL,
  signature text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS audit_records (
  id        text PRIMARY KEY,
  user_id   text NOT NULL REFERENCES accounts (user_id),
  payload   text NOT NULL,
  signature text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);

-- Attachments. Each chunk is a standalone encrypted OpenPGP message, kept as uploaded: the relay never
-- sees a file in the clear, only how many chunks it has and their sizes.
ALTER TABLE envelopes ADD COLUMN IF NOT EXISTS blob_ids text[] NOT NULL DEFAULT '{}';

-- A blob belongs to the user whose upload created it; its chunk count is fixed by that first upload.
CREATE TABLE IF NOT EXISTS blobs (
  id            text PRIMARY KEY,
  uploader      text NOT NULL REFERENCES accounts (user_id),
  chunk_count   integer NOT NULL,
  stored_chunks integer NOT NULL DEFAULT 0,
  stored_bytes  bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS blobs_by_uploader ON blobs (uploader);

CREATE TABLE IF NOT EXISTS blob_chunks (
  blob_id     text NOT NULL REFERENCES blobs (id),
  chunk_index integer NOT NULL,
  sha256      text NOT NULL,
  bytes       bytea NOT NULL,
  stored_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (blob_id, chunk_index)
);
-- Ciphertext does not compress: store it out of line without trying.
ALTER TABLE blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The envelopes that list each blob: their participants (mailbox rows) may read it.
CREATE TABLE IF NOT EXISTS envelope_blobs (
  blob_id text NOT NULL REFERENCES blobs (id),
  seq     bigint NOT NULL REFERENCES envelopes (seq),
  PRIMARY KEY (blob_id, seq)
);

-- Care relationships: a patient and each member of their care team. They decide who finds whom in the
-- directory (a patient their care team, a member their patients); nothing else reads them.
CREATE TABLE IF NOT EXISTS care_team (
  patient_id text NOT NULL REFERENCES accounts (user_id),
  member_id  text NOT NULL REFERENCES accounts (user_id),
  PRIMARY KEY (patient_id, member_id),
  CHECK (patient_id <> member_id)
);
CREATE INDEX IF NOT EXISTS care_team_by_member ON care_team (member_id);
