import { inject, onScopeDispose, provide, ref, type InjectionKey } from 'vue';

/** Confirms a finished action in one polite live region of the customer page ("Payment recorded."). */
export type Notify = (message: string) => void;

const noticeKey: InjectionKey<Notify> = Symbol('customer-notice');
const NOTICE_MS = 5000;

export function provideNotice() {
  const message = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const notify: Notify = (text) => {
    clearTimeout(timer);
    message.value = text;
    timer = setTimeout(() => (message.value = ''), NOTICE_MS);
  };
  onScopeDispose(() => clearTimeout(timer));
  provide(noticeKey, notify);
  return { message, notify };
}

export function useNotice(): Notify {
  return inject(noticeKey, () => undefined);
}
