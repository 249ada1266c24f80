import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { createAppRouter } from './router';
import { useAuthStore } from './stores/auth';
import { useUiStore } from './stores/ui';
import './styles/base.css';
import './styles/status.css';
import './styles/components.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);

// Theme and language apply before the first paint; auth starts loading its SDK at once, in parallel.
useUiStore(pinia);
void useAuthStore(pinia).start();

app.use(createAppRouter());
app.mount('#app');
