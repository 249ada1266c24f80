import { onBeforeUnmount, onMounted, ref, watch, type Ref, type WatchSource } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave } from 'vue-router';
import { ApiError } from '../../api/client';
import type { Problems } from './validation';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date as a `datetime-local` input value, in local time. */
export function toLocalInput(value: Date | string = new Date()): string {
  const d = value instanceof Date ? value : new Date(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as the ISO string the API takes ('' stays '' so validation names it). */
export function fromLocalInput(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

/**
 * Field errors of a form: the client's own checks and the server's 400 details, both keyed by
 * the server's dotted paths, plus the failed request itself for the form's alert.
 */
export function useFormErrors() {
  const { t } = useI18n();
  const fields = ref<Record<string, string>>({});
  const failure = ref<Error | null>(null);
  let checked = false;

  const translate = (problems: Problems) =>
    Object.fromEntries(Object.entries(problems).map(([path, p]) => [path, t(`validation.${p.key}`, p.params ?? {})]));

  /** Shows the client's findings (a submit attempt); true when there are any. */
  function showProblems(problems: Problems): boolean {
    checked = true;
    fields.value = translate(problems);
    failure.value = null;
    return Object.keys(problems).length > 0;
  }

  /** Once a submit has shown errors, they follow every edit, so a fixed field loses its error at once. */
  function recheckOn(source: WatchSource, check: () => Problems): void {
    watch(
      source,
      () => {
        if (checked) fields.value = translate(check());
      },
      { deep: true },
    );
  }

  function showFailure(error: unknown): void {
    failure.value = error instanceof Error ? error : new Error(String(error));
    fields.value = error instanceof ApiError ? error.fieldErrors() : {};
  }

  function clear(): void {
    checked = false;
    fields.value = {};
    failure.value = null;
  }

  return { fields, failure, showProblems, recheckOn, showFailure, clear };
}

/** Moves focus to the first field marked invalid, after the DOM shows the errors. */
export function focusFirstInvalid(root: HTMLElement | null | undefined): void {
  requestAnimationFrame(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * Warns before unsaved changes are lost: closing or reloading the tab (beforeunload) and leaving
 * the page inside the app (router guard).
 */
export function useUnsavedChanges(dirty: Ref<boolean> | (() => boolean)) {
  const { t } = useI18n();
  const isDirty = () => (typeof dirty === 'function' ? dirty() : dirty.value);
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!isDirty()) return;
    event.preventDefault();
    // Older browsers need returnValue set to show their prompt.
    event.returnValue = '';
  };
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));
  onBeforeRouteLeave(() => !isDirty() || window.confirm(t('customerForm.confirmLeave')));
}
