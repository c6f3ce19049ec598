/**
 * Reasons as data (issue 8): a `deletedInBc` conflict record kept why BC no longer holds the contact
 * as an English string built in core ("deleted in Business Central", or out-of-scope reasons joined
 * by "; " such as "no e-mail; excluded by filter: city"). It is now a code with parameters
 * (core/merge.ts DeletionCause) that each edge words in its language. This turns the strings stored
 * before into that data. Core only ever wrote those phrases, so each maps back exactly; a phrase it
 * cannot know is left out of the reasons rather than guessed.
 */
export const migration009 = `
CREATE FUNCTION migration009_cause(reason text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  piece text;
  reasons jsonb := '[]'::jsonb;
BEGIN
  IF reason = 'deleted in Business Central' THEN
    RETURN '{"kind":"bcDeleted"}'::jsonb;
  END IF;
  FOREACH piece IN ARRAY string_to_array(reason, '; ') LOOP
    reasons := reasons || CASE
      WHEN piece = 'no e-mail' THEN '[{"kind":"noEmail"}]'::jsonb
      WHEN piece = 'no name' THEN '[{"kind":"noName"}]'::jsonb
      WHEN piece = 'company contact' THEN '[{"kind":"companyContact"}]'::jsonb
      WHEN piece = 'privacy blocked' THEN '[{"kind":"privacyBlocked"}]'::jsonb
      WHEN piece LIKE 'excluded by filter: %' THEN jsonb_build_array(jsonb_build_object(
        'kind', 'excludedByFilter',
        'fields', to_jsonb(string_to_array(substr(piece, length('excluded by filter: ') + 1), ', '))))
      ELSE '[]'::jsonb
    END;
  END LOOP;
  RETURN jsonb_build_object('kind', 'outOfScope', 'reasons', reasons);
END $fn$;

UPDATE sync_conflicts SET record = jsonb_set(record, '{reason}', migration009_cause(record ->> 'reason'))
 WHERE record ->> 'kind' = 'deletedInBc' AND jsonb_typeof(record -> 'reason') = 'string';

DROP FUNCTION migration009_cause(text);
`;
