import { computed, ref, useId, watch, type Ref } from 'vue';
import { focusFirstInvalid, useFormErrors, useUnsavedChanges } from '../components/form/form-support';

export interface ModalFormOptions<F> {
  /** Whether the modal is shown; each opening rebuilds the form. */
  open: () => boolean;
  /** The form before the first opening. */
  initial: F;
  /** The form for the current source, or null when there is nothing to edit yet. */
  build: () => F | null;
  /** The form as the value compared to tell whether it has unsaved changes. */
  serialize: (form: F) => string;
  /** Closes the modal for real. */
  close: () => void;
}

/** What FormModal needs of a form's scaffolding (components/form/FormModal.vue). */
export interface ModalFormControls {
  errors: { fields: Ref<Record<string, string>>; failure: Ref<Error | null> };
  saving: Ref<boolean>;
  confirmDiscard: Ref<boolean>;
  /** A function ref for the form element, so invalid fields can be focused. */
  bindForm: (el: unknown) => void;
  requestClose: () => void;
  keepEditing: () => void;
  discard: () => void;
}

/**
 * The scaffolding every form modal shares: field ids, the form reset on each opening, field
 * errors with their aria attributes, and the unsaved-changes guard with its discard prompt.
 */
export function useModalForm<F>(options: ModalFormOptions<F>) {
  const uid = useId();
  const fieldId = (path: string) => `${uid}-${path.replace(/\./g, '-')}`;
  const errorId = (path: string) => `${fieldId(path)}-error`;

  // The form type is the caller's own plain data; the cast keeps it from being unwrapped.
  const form = ref(options.initial) as Ref<F>;
  const snapshot = ref('');
  const saving = ref(false);
  const confirmDiscard = ref(false);
  const formEl = ref<HTMLFormElement | null>(null);
  const errors = useFormErrors();

  const serialized = () => options.serialize(form.value);
  const dirty = computed(() => options.open() && serialized() !== snapshot.value);
  useUnsavedChanges(dirty);

  /** The current form counts as saved: closing after this asks nothing. */
  const markSaved = () => {
    snapshot.value = serialized();
  };

  watch(
    options.open,
    (open) => {
      if (!open) return;
      const built = options.build();
      if (built === null) return;
      form.value = built;
      markSaved();
      errors.clear();
    },
    { immediate: true },
  );

  const err = (path: string) => errors.fields.value[path];
  const invalid = (path: string) => (err(path) ? true : undefined);
  const describedBy = (path: string) => (err(path) ? errorId(path) : undefined);
  const focusInvalid = () => focusFirstInvalid(formEl.value);

  function requestClose(): void {
    if (dirty.value) confirmDiscard.value = true;
    else options.close();
  }

  function keepEditing(): void {
    confirmDiscard.value = false;
  }

  const bindForm = (el: unknown): void => {
    formEl.value = el instanceof HTMLFormElement ? el : null;
  };

  function discard(): void {
    confirmDiscard.value = false;
    markSaved();
    options.close();
  }

  return {
    uid,
    fieldId,
    errorId,
    form,
    saving,
    confirmDiscard,
    formEl,
    errors,
    dirty,
    markSaved,
    err,
    invalid,
    describedBy,
    focusInvalid,
    requestClose,
    keepEditing,
    bindForm,
    discard,
  };
}
